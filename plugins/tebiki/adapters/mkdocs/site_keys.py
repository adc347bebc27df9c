"""Fingerprints of what every page of a MkDocs build is made with, besides its own
source: the configuration (every option, every plugin's options), the theme (its
files, the versions of the packages), the menu (titles, URLs, order, metadata of
the pages in it) and the list of pages. Equal fingerprints, equal pages; an input
that cannot be fingerprinted reliably (an object known only by its address) makes
`Unkeyable`, and nothing is reused (rebuilds.py)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from ... import __version__ as TEBIKI_VERSION


class Unkeyable(Exception):
    """An input whose value cannot be written down (its repr names a memory address)."""


def digest(*parts: object) -> str:
    """SHA-256 of the parts written as JSON (Unkeyable when one cannot be)."""
    text = json.dumps([plain(p) for p in parts], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plain(value: Any) -> Any:
    """`value` as JSON data: mappings, sequences, scalars; plugins by class and options;
    the theme by name, folders and options; other objects by a repr without an address."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PluginCollection):
        return [[name, f"{type(p).__module__}.{type(p).__qualname__}", plain(dict(p.config))]
                for name, p in value.items()]
    if isinstance(value, Theme):
        return [value.name, list(value.dirs), list(value.static_templates), plain(dict(value.items()))]
    if hasattr(value, "items") and callable(value.items):
        return [[str(k), plain(v)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(plain(v)) for v in value)
    if isinstance(value, functools.partial):
        return ["partial", plain(value.func), plain(list(value.args)), plain(value.keywords)]
    if callable(value) and hasattr(value, "__qualname__"):  # e.g. a slugify function named in mkdocs.yml
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    if " at 0x" in text:
        raise Unkeyable(text)
    return f"{type(value).__qualname__}:{text}"


def config_key(config: MkDocsConfig) -> str:
    """Every configuration option (after every plugin's on_config), the versions of
    tebiki, MkDocs and the theme's package, and the theme's own files."""
    return digest(TEBIKI_VERSION, mkdocs.__version__, _theme_versions(config.theme),
                  [[k, config[k]] for k in sorted(config)], theme_files(config.theme.dirs))


def markdown_key(config: MkDocsConfig) -> str:
    """What Markdown makes of a page's text besides the text: extensions and their
    options, URL style, the MkDocs and tebiki versions."""
    return digest(TEBIKI_VERSION, mkdocs.__version__, config.markdown_extensions, config.mdx_configs,
                  config.use_directory_urls)


def nav_key(nav: Navigation, files: Files) -> str:
    """The whole menu as the theme can show it (titles, URLs, metadata of each menu
    page, sections, links, the pages' order for previous/next) and the list of pages."""
    def item(x: Any) -> Any:
        if isinstance(x, Page):
            return ["page", x.title, x.url, x.file.src_uri, x.meta]
        if isinstance(x, Section):
            return ["section", x.title, [item(c) for c in x.children]]
        if isinstance(x, Link):
            return ["link", x.title, x.url]
        return ["other", repr(x)]
    return digest([item(x) for x in nav.items], [p.url for p in nav.pages],
                  [[f.src_uri, f.dest_uri, f.url] for f in files.documentation_pages()])


def _theme_versions(theme: Theme) -> list[str]:
    names = ["mkdocs-material"] if theme.name == "material" else []
    versions = []
    for name in names:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return versions


def theme_files(folders: Iterable[str]) -> list[list[object]]:
    """Size and change time of every template and partial of the theme's folders
    (a custom_dir override edited during `mkdocs serve` counts); hidden folders (the
    icon sets) are left to the package version."""
    found: list[list[object]] = []
    for folder in folders:
        for here, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = Path(here) / name
                try:
                    st = path.stat()
                except OSError:
                    continue
                found.append([str(path), st.st_size, st.st_mtime_ns])
    return found
