"""`tebiki render --engine zensical --out DIR`: a project Zensical builds as it is.

Zensical reads `mkdocs.yml` but skips plugins it does not know, tebiki included,
so the handbook is written beforehand:

    DIR/mkdocs.yml            the handbook's settings, plus nav, docs_dir, custom_dir, extra_css
    DIR/docs/                 the handbook's own docs pages, then every generated page
    DIR/docs/assets/tebiki/tebiki.css
    DIR/overrides/partials/actions.html   the edit button follows a page's `edit_url`
    DIR/.tebiki-zensical      marks DIR as written by tebiki (only such a DIR is rewritten)

Pages are the plugin's own (`adapters.pages`, over `render.pages.all_pages`); no
engine is imported. Links name the `.md` files, in the diagrams too: Zensical turns them into page URLs and `--strict` checks each.
Diagrams are inline SVG whose steps link to the page's own step anchors. The menu is grouped
by department like the plugin's (each section opens its department page and lists
its procedures, so with `navigation.prune` a page carries one department's links).
A generated page's front matter gives `edit_url`: its YAML file, as MkDocs would
join `repo_url` + `edit_uri` + the path. Each page carries its title's kana reading,
hidden, for Zensical's own search (search_page_reading.py).
"""

from __future__ import annotations

import posixpath
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from ..cannotrun import CannotRun
from ..diagrams import TIME_LIMIT
from ..clitext import tr
from ..model import Handbook
from ..render.context import RenderedPage
from ..render.figures import Figures
from ..render.labels import Labels
from ..render.links import FileLinks, Urls
from ..reporters import text_report
from ..risk import checked_scenarios
from ..search_index import nfkc
from ..search_page_reading import searchable, with_reading
from ..search_readings import CACHE_FILE as READINGS_FILE
from ..search_readings import ReadingCache
from ..settings import Settings
from ..siteplan import NavPlan, edit_uri
from .pages import PageOptions, diagram_renderer, handbook_pages

MARKER = ".tebiki-zensical"
CSS_URI = "assets/tebiki/tebiki.css"
CSS_FILE = Path(__file__).resolve().parents[1] / "assets" / "tebiki.css"
HOME_URIS = ("index.md", "README.md")

# Zensical's Material-style actions partial, reading the page's own `edit_url`
# (front matter) first: a generated page has no Markdown file to edit.
ACTIONS_HTML = """\
{#- tebiki: the edit button opens the YAML file of a handbook page (front matter edit_url) -#}
{% set edit_url = page.meta.edit_url or page.edit_url %}
{% if edit_url and "content.action.edit" in features %}
  <a href="{{ edit_url }}" title="{{ lang.t('action.edit') }}" class="md-content__button md-icon" rel="edit">
    {% include ".icons/material/file-edit-outline.svg" %}
  </a>
{% endif %}
"""


class ProjectError(CannotRun):
    """DIR cannot be written (not tebiki's, inside the docs folder)."""


@dataclass(frozen=True)
class Tagged:
    """A YAML value written with a tag (`!ENV`, `!!python/...`): kept as written."""

    tag: str
    value: Any


class _KeepTags(yaml.SafeLoader):
    pass


def _tagged(loader: _KeepTags, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)  # the third and last kind of node
    return Tagged(tag, loader.construct_mapping(node, deep=True))


_KeepTags.add_multi_constructor("!", _tagged)
_KeepTags.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: _Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Dumper.add_representer(Tagged, _represent_tagged)


def run(settings: Settings, config_file: Path, handbook: Handbook, out_dir: Path, lang: str) -> int:
    """Write the project; 1 (nothing written) when `tebiki check` would fail, 2 when
    DIR cannot be used (see `_prepare`), else 0."""
    if handbook.summary.errors:
        sys.stdout.write(text_report(handbook, lang))
        print(tr(f"tebiki: エラーがあるため {out_dir} には何も書きませんでした。エラーを直してから実行してください",
                 f"tebiki: nothing written to {out_dir}: the handbook has errors; fix them and run again"),
              file=sys.stderr)
        return 1
    try:
        written = write_project(settings, config_file, handbook, out_dir, lang)
    except ProjectError as error:
        print(f"tebiki: {error.message(lang)}", file=sys.stderr)
        return 2
    print(tr(f"tebiki: {out_dir} に Zensical 用のプロジェクトを書きました({len(written)} ファイル)。"
             f"zensical build -f {out_dir / 'mkdocs.yml'} で作れます",
             f"tebiki: wrote a Zensical project to {out_dir} ({len(written)} files); "
             f"build it with: zensical build -f {out_dir / 'mkdocs.yml'}"))
    return 0


def write_project(settings: Settings, config_file: Path, handbook: Handbook, out_dir: Path, lang: str) -> list[Path]:
    """Write DIR as described in the module docstring; return the files written."""
    config = _read_config(config_file)
    docs_src = (settings.root / str(config.get("docs_dir") or "docs")).resolve()
    out = _prepare(out_dir.resolve(), docs_src, settings.root)
    docs = out / "docs"
    written = _copy_docs(docs_src, docs)
    home = "handbook.md" if any((docs_src / u).is_file() for u in HOME_URIS) else "index.md"
    options = settings.options
    labels = Labels(lang)
    renderer = diagram_renderer(handbook, settings.root / options.cache_dir, lang, time_limit=TIME_LIMIT)
    page_options = PageOptions(lang, settings.site_name or None, options.working_days, options.workload,
                               tuple(checked_scenarios(options.scenarios, handbook.org)))
    try:
        pages = handbook_pages(handbook, page_options, links=FileLinks(), figures=Figures(renderer, mode="inline"),
                               urls=Urls(home=home))
    finally:
        renderer.close()  # its diagram worker must not outlive the render
    readings = ReadingCache(settings.root / options.cache_dir / READINGS_FILE)  # ｹｲﾋｾｲｻﾝ finds 経費精算
    said = readings.readings(nfkc(p.title) for p in pages if searchable(p))
    for page in pages:
        link = edit_uri(page.edit_file, settings.root, docs_src)
        markdown = with_reading(page, said.get(nfkc(page.title), ""))
        written.append(_write(docs / page.src_uri, _with_edit_url(markdown, edit_url(config, link) if link else None)))
    readings.save()
    written.append(_write(docs / CSS_URI, CSS_FILE.read_text(encoding="utf-8")))
    written.append(_write(out / "overrides" / "partials" / "actions.html", ACTIONS_HTML))
    plan = NavPlan.from_pages(pages, handbook, labels["people.title"], labels["procedures"])
    user_pages = sorted(p.relative_to(docs_src).as_posix() for p in docs_src.rglob("*.md")) if docs_src.is_dir() else []
    config = _project_config(config, nav(plan, pages, user_pages, config.get("nav"), labels["home.nav"]), options.offline)
    written.append(_write(out / "mkdocs.yml", yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)))
    written.append(_write(out / MARKER, "written by tebiki render --engine zensical; rewritten on each run\n"))
    return written


def nav(plan: NavPlan, pages: list[RenderedPage], user_pages: list[str], user_nav: Any, home_label: str) -> list[Any]:
    """The menu: home, the user's own pages (their `nav` when written), one section per
    department (its page, then its procedures), people, then coverage and the rest."""
    titles = {p.src_uri: p.title for p in pages}
    ours = plan.uris()
    items: list[Any] = []
    if plan.home == "index.md":
        items.append({home_label: plan.home})
    if isinstance(user_nav, list):
        items.extend(user_nav)
    else:
        items.extend(u for u in user_pages if u not in ours)
    if plan.home and plan.home != "index.md":
        items.append({titles[plan.home]: plan.home})
    for title, index, procs in plan.departments:
        members: list[Any] = [index] if index else []
        members += [{titles[u]: u} for u in procs]
        items.append({title: members})
    if plan.people:
        title, index, people = plan.people
        items.append({title: [index, *({titles[u]: u} for u in people)]})
    items.extend({titles[u]: u} for u in plan.tail)
    return items


def _project_config(config: dict[str, Any], menu: list[Any], offline: bool) -> dict[str, Any]:
    project = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir", "nav", "plugins")}
    project["docs_dir"] = "docs"
    project["site_dir"] = "site"
    theme = config.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    theme["custom_dir"] = "overrides"
    if offline:
        theme.setdefault("font", False)  # no web fonts on an intranet, as the plugin does
    project["theme"] = theme
    css = [c for c in (config.get("extra_css") or []) if c != CSS_URI]
    project["extra_css"] = [*css, CSS_URI]
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)) for p in plugins)
    kept = [{name: value} if value else name for name, value in entries if name != "tebiki"]
    if kept:
        project["plugins"] = kept
    project["nav"] = menu
    return project


def edit_url(config: dict[str, Any], link: str) -> str | None:
    """The edit link of a file at `link` (relative to docs_dir), joined as MkDocs does:
    `edit_uri_template` (`{path}`, `{path_noext}`) or `edit_uri` + path, on `repo_url`.
    None when that would not be a full URL (MkDocs would warn; the plugin shows no button)."""
    repo, edit, template = config.get("repo_url"), config.get("edit_uri"), config.get("edit_uri_template")
    if isinstance(template, str) and template:
        target = template.format(path=link, path_noext=posixpath.splitext(link)[0])
    elif isinstance(edit, str) and edit:
        target = (edit if edit.endswith("/") else edit + "/") + link
    else:
        return None
    base = str(repo or "")
    if base and not target.startswith(("?", "#")) and not base.endswith("/"):
        base += "/"
    url = urljoin(base, target)
    parts = urlsplit(url)
    return url if parts.scheme and parts.netloc else None


def _with_edit_url(markdown: str, url: str | None) -> str:
    """`markdown` with `edit_url: URL` first in its front matter (added when it has none)."""
    if not url:
        return markdown
    line = "edit_url: " + yaml.safe_dump(url, allow_unicode=True, width=10**6).split("\n")[0] + "\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return "---\n" + line + "---\n" + markdown


def _read_config(config_file: Path) -> dict[str, Any]:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepTags)
    return data if isinstance(data, dict) else {}


def _prepare(out: Path, docs_src: Path, root: Path) -> Path:
    """Empty a DIR tebiki wrote before; refuse one holding anything else."""
    if out == root or out.is_relative_to(docs_src) or root.is_relative_to(out):
        raise ProjectError(f"{out}: choose a folder outside the handbook's docs folder (e.g. build/zensical)",
                           f"{out}: 手引きの docs フォルダの外のフォルダを指定してください(例: build/zensical)")
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file()):
            raise ProjectError(f"{out}: not empty and not written by tebiki; choose a new or empty folder",
                               f"{out}: tebiki が書いたフォルダではなく、空でもありません。新しいか空のフォルダを指定してください")
        for name in ("docs", "overrides", "site"):
            shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _copy_docs(src: Path, dest: Path) -> list[Path]:
    written: list[Path] = []
    if not src.is_dir():
        return written
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            written.append(target)
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
