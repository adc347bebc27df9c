"""The plugin options as the CLI sees them: read from `mkdocs.yml` without building the site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .cannotrun import CannotRun
from .options import Options, read_options
from .handbook_files import UnsafeFile, inside, read_bounded
from .i18n.language import decide_language

MAX_CONFIG_BYTES = 1024 * 1024
"""mkdocs.yml is a few kilobytes; a symlink to /dev/zero or a huge file is refused, not read."""


class SettingsError(CannotRun):
    """The configuration cannot be used; str() says which file and what to fix."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml like MkDocs would for our purpose: `!ENV` and `!!python/...`
    tags (used by Markdown extensions) become plain values instead of errors."""


def _any_tag(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the third and last kind of node
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


@dataclass(frozen=True)
class Settings:
    """What `tebiki check` and `tebiki render` need from the site configuration."""

    root: Path
    options: Options
    language: str
    repo_url: str | None
    edit_uri: str | None
    site_name: str
    warnings: tuple[CannotRun, ...] = ()
    """Configuration mistakes that do not stop a run (e.g. a misspelled option)."""


def read_settings(config_file: Path) -> Settings:
    """Parse `config_file` (mkdocs.yml) and validate the `tebiki` plugin options."""
    try:
        raw = read_bounded(config_file, MAX_CONFIG_BYTES)
        if len(raw) > MAX_CONFIG_BYTES:
            raise SettingsError(f"{config_file}: the configuration is larger than {MAX_CONFIG_BYTES} bytes; "
                                "this is not a mkdocs.yml")
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise SettingsError(f"{config_file}: configuration not found; run in the handbook's folder "
                            "or pass --config path/to/mkdocs.yml",
                            f"{config_file}: 設定ファイルがありません。手引きのフォルダで実行するか、"
                            "--config で mkdocs.yml の場所を指定してください") from None
    except UnsafeFile:
        raise SettingsError(f"{config_file}: the configuration is not a regular file; it is not read",
                            f"{config_file}: 設定ファイルが通常のファイルではないため読み込みません") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{config_file}: cannot read the configuration ({error})",
                            f"{config_file}: 設定ファイルを読めません({error})") from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise SettingsError(f"{config_file}{where}: not valid YAML: {getattr(error, 'problem', error)}",
                            f"{config_file}{where}: YAML として読めません: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{config_file}: expected a mapping of settings at the top level",
                            f"{config_file}: いちばん上は「名前: 値」の設定の並びにしてください")
    options, warnings = plugin_options(data, config_file)
    root = config_file.resolve().parent
    written_docs_dir = data.get("docs_dir")
    docs_dir = written_docs_dir if isinstance(written_docs_dir, str) else "docs"
    for en, ja in location_errors(root, options.procedures, options.cache_dir, docs_dir):
        raise SettingsError(f"{config_file}: {en}", f"{config_file}: {ja}")
    theme = data.get("theme")
    language = decide_language(options.language, theme.get("language") if isinstance(theme, dict) else None)
    return Settings(
        root=root,
        options=options,
        language=language,
        repo_url=data.get("repo_url"),
        edit_uri=data.get("edit_uri"),
        site_name=str(data.get("site_name") or ""),
        warnings=warnings,
    )


def raw_config(config_file: Path | str | None) -> dict[str, Any]:
    """The mapping written in `config_file`, before MkDocs or a theme filled in
    defaults ({} when it cannot be read): tells what the user chose explicitly."""
    try:
        raw = read_bounded(Path(config_file or "mkdocs.yml"), MAX_CONFIG_BYTES)
        if len(raw) > MAX_CONFIG_BYTES:
            return {}
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_ConfigLoader)
    except (OSError, UnsafeFile, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def plugin_options(data: dict[str, Any], config_file: Path) -> tuple[Options, tuple[CannotRun, ...]]:
    """The `tebiki` entry of `plugins:` (list or mapping form), validated without any
    site engine (`options.read_options`, the same rules as the plugin's class), with its warnings (unknown options) as messages naming the file."""
    raw: Any = {}
    plugins = data.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, {})) for p in plugins)
    for name, value in entries:
        if name == "tebiki":
            raw = value or {}
    if not isinstance(raw, dict):
        raise SettingsError(f"{config_file}: plugin 'tebiki' options must be a mapping",
                            f"{config_file}: プラグイン tebiki の設定は「名前: 値」の並びにしてください")
    options, errors, warnings = read_options(raw)
    if errors:
        detail = "; ".join(f"'{key}': {error}" for key, error in errors)
        raise SettingsError(f"{config_file}: invalid 'tebiki' plugin options: {detail}",
                            f"{config_file}: プラグイン tebiki の設定が正しくありません: {detail}")
    return options, tuple(CannotRun(f"{config_file}: 'tebiki' plugin option '{key}': {warning}",
                                    f"{config_file}: プラグイン tebiki の設定 '{key}': {warning}")
                          for key, warning in warnings)


def location_errors(root: Path, procedures: str, cache_dir: str, docs_dir: str) -> list[tuple[str, str]]:
    """What is wrong with where the options put the handbook's folders: `procedures` and
    `cache_dir` must lie inside the configuration's folder (no `..`, no absolute path, no
    symlink leading out), and `cache_dir` outside `docs_dir` (its files would be
    published, and its pruning would touch the user's pages and images). Each as (en, ja)."""
    errors = []
    if inside(root, procedures) is None:
        errors.append((f"'tebiki' plugin option 'procedures' ({procedures}) must be a folder inside {root}",
                       f"プラグイン tebiki の procedures ({procedures}) は {root} の中のフォルダにしてください"))
    cache = inside(root, cache_dir)
    if cache is None:
        errors.append((f"'tebiki' plugin option 'cache_dir' ({cache_dir}) must be a folder inside {root}",
                       f"プラグイン tebiki の cache_dir ({cache_dir}) は {root} の中のフォルダにしてください"))
    else:
        docs = (root / docs_dir).resolve()
        if cache == docs or cache.is_relative_to(docs) or docs.is_relative_to(cache):
            errors.append((f"'tebiki' plugin option 'cache_dir' ({cache_dir}) must not be inside docs_dir "
                           f"({docs_dir}) or contain it: its files would be published and pruned with your pages",
                           f"プラグイン tebiki の cache_dir ({cache_dir}) を docs_dir ({docs_dir}) の中"
                           "(またはそれを含む場所)にはできません。キャッシュが公開され、ページや画像が整理の対象になります"))
    return errors
