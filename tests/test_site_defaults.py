"""The smallest mkdocs.yml gives a working intranet handbook (spec: "The site"):
defaults applied only where the user chose nothing, each logged once; edit buttons
through MkDocs' own edit_uri; `mkdocs build --strict` agreeing with `tebiki check`."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from handbook_fixture import write_handbook
import constants
from cli_run import run_tebiki
from tebiki.offline import external_urls
from tebiki.adapters.mkdocs.sitedefaults import JA_SEPARATOR

MINIMAL = "site_name: テスト手引き\ntheme:\n  name: material\n  language: ja\nplugins:\n  - search\n  - tebiki\n"
REPO_ROOT = constants.REPO
REPO = "repo_url: https://git.example.co.jp/minato/handbook\nedit_uri: edit/main/docs/\n"


def minimal_handbook(root: Path, yml: str = MINIMAL, files: dict[str, str] | None = None) -> Path:
    config = write_handbook(root, files=files)
    config.write_text(yml, encoding="utf-8")
    return config


def built(config: Path, *, strict: bool = False) -> tuple[Path, object]:
    cfg = load_config(str(config), strict=strict, site_dir=str(config.parent / "site"))
    build(cfg)
    return Path(cfg.site_dir), cfg


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def tebiki_logs(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and r.name.startswith("mkdocs.plugins.tebiki")]


# ------------------------------------------------------------------ defaults

def test_minimal_config_is_offline_japanese_and_logs_each_default_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        site, cfg = built(minimal_handbook(tmp_path))
    assert cfg.theme["font"] is False
    assert "navigation.prune" in cfg.theme["features"] and "content.action.edit" in cfg.theme["features"]
    assert "navigation.indexes" not in cfg.theme["features"]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == JA_SEPARATOR
    infos = tebiki_logs(caplog, logging.INFO)
    assert 'id="ステップ"' in html_of(site, "procedures/acc-monthly-close")  # a readable anchor, not #_3
    for topic in ("theme.font: false", "separator", "theme.features", "slugify"):
        assert len([m for m in infos if topic in m]) == 1, (topic, infos)
    for page in [*site.rglob("*.html")]:
        assert external_urls(page.read_text(encoding="utf-8")) == [], page
    assert not tebiki_logs(caplog, logging.WARNING)


def test_choices_written_in_mkdocs_yml_are_kept(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yml = ("site_name: x\ntheme:\n  name: material\n  language: ja\n  features: [navigation.tabs]\n"
           "plugins:\n  - search:\n      separator: '[\\s]+'\n  - tebiki\n")
    with caplog.at_level(logging.INFO):
        site, cfg = built(minimal_handbook(tmp_path, yml))
    assert cfg.theme["features"] == ["navigation.tabs"]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == "[\\s]+"
    assert not [m for m in tebiki_logs(caplog, logging.INFO) if "separator" in m or "features" in m]


def test_english_site_with_japanese_search_lang_gets_the_separator(tmp_path: Path) -> None:
    yml = "site_name: x\ntheme:\n  name: material\n  language: en\nplugins:\n  - search:\n      lang: [en, ja]\n  - tebiki\n"
    site, _ = built(minimal_handbook(tmp_path, yml))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == JA_SEPARATOR
    yml_en = yml.replace("lang: [en, ja]", "lang: [en]")
    site, _ = built(minimal_handbook(tmp_path / "en", yml_en))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] != JA_SEPARATOR


def test_chosen_fonts_are_kept_with_a_warning_naming_the_host(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yml = MINIMAL.replace("  language: ja\n", "  language: ja\n  font:\n    text: Noto Sans JP\n")
    with caplog.at_level(logging.INFO):
        site, cfg = built(minimal_handbook(tmp_path, yml))
    assert cfg.theme["font"] == {"text": "Noto Sans JP"}
    warnings = tebiki_logs(caplog, logging.WARNING)
    assert len(warnings) == 1 and "fonts.googleapis.com" in warnings[0], warnings
    assert "fonts.googleapis.com" in (site / "404.html").read_text(encoding="utf-8")
    with pytest.raises(Abort):
        built(minimal_handbook(tmp_path / "strict", yml), strict=True)


def test_offline_false_leaves_the_theme_alone(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yml = MINIMAL.replace("  - tebiki\n", "  - tebiki:\n      offline: false\n")
    with caplog.at_level(logging.INFO):
        _site, cfg = built(minimal_handbook(tmp_path, yml))
    assert cfg.theme["font"] == {"text": "Roboto", "code": "Roboto Mono"}
    assert not tebiki_logs(caplog, logging.WARNING)


def test_a_page_loading_from_another_host_is_warned_404_included(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yml = MINIMAL + "extra_javascript:\n  - https://cdn.example.com/lib.js\n"
    with caplog.at_level(logging.INFO):
        site, _ = built(minimal_handbook(tmp_path, yml))
    warnings = tebiki_logs(caplog, logging.WARNING)
    assert len(warnings) == 1 and "cdn.example.com" in warnings[0] and "404.html" in warnings[0], warnings
    # every built page counts, the handbook's own pages included, not only the templates
    loading = [p for p in site.rglob("*.html") if "cdn.example.com" in p.read_text(encoding="utf-8")]
    assert len(loading) > 10 and re.search(r"\d+", warnings[0])[0] == str(len(loading)), warnings


def test_external_urls_sees_what_a_page_loads_not_what_a_reader_clicks() -> None:
    html = ('<a href="https://example.org/law">法</a><link rel="canonical" href="https://intra/x/">'
            '<link rel="stylesheet" href="//cdn.example.com/a.css"><img srcset="a.png 1x, https://img.example.com/b.png 2x">'
            '<div style="background: url(\'https://bg.example.com/x.png\')"></div><style>@import "https://css.example.com/y.css";</style>'
            '<script src="assets/x.js"></script>')
    assert external_urls(html) == ["//cdn.example.com/a.css", "https://img.example.com/b.png",
                                   "https://bg.example.com/x.png", "https://css.example.com/y.css"]


# ------------------------------------------------------------------ edit button

EDIT_BUTTON = re.compile(r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit"')


def test_no_repo_url_means_no_edit_button_not_a_broken_one(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yml = MINIMAL + "edit_uri: edit/main/docs/\n"  # the README's old snippet: edit_uri without repo_url
    with caplog.at_level(logging.WARNING):
        site, _ = built(minimal_handbook(tmp_path, yml))
    for url in ("procedures/acc-monthly-close", "departments/accounting", "coverage", "."):
        assert not EDIT_BUTTON.search(html_of(site, url)), url
    assert not [r for r in caplog.records if "edit_uri" in r.getMessage()]


def test_edit_uri_template_is_followed(tmp_path: Path) -> None:
    yml = MINIMAL + "repo_url: https://git.example.co.jp/minato/handbook\nedit_uri_template: 'src/main/docs/{path}?mode=edit'\n"
    site, _ = built(minimal_handbook(tmp_path, yml))
    button = EDIT_BUTTON.search(html_of(site, "procedures/acc-monthly-close"))
    assert button and button.group(1) == (
        "https://git.example.co.jp/minato/handbook/src/main/procedures/accounting/monthly-close.yaml?mode=edit")


HOSTILE_NAME = 'pw"><img src=x onerror=alert(1)> #1?a=%41 b.yaml'


def test_hostile_file_name_gives_a_safe_edit_link(tmp_path: Path) -> None:
    procedure = "id: acc-hostile\ntitle: 変な名前\ndepartment: accounting\nsummary: s\nowner: sato\nfrequency: monthly\n" \
                "steps:\n  - {id: a, title: する, actor: 経理担当}\n"
    site, _ = built(minimal_handbook(tmp_path, MINIMAL + REPO, {f"procedures/accounting/{HOSTILE_NAME}": procedure}))
    html = html_of(site, "procedures/acc-hostile")
    button = EDIT_BUTTON.search(html)
    assert button, "the edit button is there, with its file name encoded"
    assert button.group(1) == ("https://git.example.co.jp/minato/handbook/edit/main/procedures/accounting/"
                               "pw%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%20%231%3Fa%3D%2541%20b.yaml")
    assert "<img src=x" not in html


# ------------------------------------------------------------------ strict parity

def tebiki_check(root: Path, *args: str, env: dict[str, str] | None = None) -> int:
    """`tebiki check *args` in this process: its exit code."""
    done = run_tebiki(["check", *args], root, env=dict(env or {}))
    assert done.returncode in (0, 1), done.stderr
    return done.returncode


def strict_build_fails(config: Path, env: dict[str, str] | None = None) -> bool:
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        built(config, strict=True)
        return False
    except Abort:
        return True
    finally:
        os.environ.clear()
        os.environ.update(saved)


ONLY_WARNINGS = "id: acc-single\ntitle: 一人だけ\ndepartment: accounting\nsummary: s\nowner: sato\nfrequency: monthly\n" \
                "reviewed: 2026-01-15\nsteps:\n  - {id: a, title: する, actor: 経理担当}\n"


@pytest.mark.parametrize("plugin, files, env", [
    ("  - tebiki\n", {}, {}),  # the fixture: warnings only (single-owner, owner-leaving, review-overdue...)
    ("  - tebiki:\n      policy: {single-owner: error}\n", {}, {}),
    ("  - tebiki:\n      strict_warnings: true\n", {}, {}),
    ("  - tebiki\n", {"procedures/accounting/broken.yaml": "id: [\n"}, {}),
])
def test_strict_build_fails_exactly_when_tebiki_check_does(tmp_path: Path, plugin: str, files: dict[str, str],
                                                          env: dict[str, str]) -> None:
    yml = MINIMAL.replace("  - tebiki\n", plugin) + "  \n"
    config = minimal_handbook(tmp_path, yml, {"procedures/_inventory.yaml": "procedures: []\n", **files})
    strict = ["--strict"] if "strict_warnings: true" in plugin else []
    assert strict_build_fails(config, env) == (tebiki_check(tmp_path, *strict, env=env) == 1)


def test_today_option_and_environment_make_the_review_check_reproducible(tmp_path: Path) -> None:
    payment = ONLY_WARNINGS.replace("id: acc-single", "id: acc-payment")  # the only one reviewed before 2099
    files = {"procedures/_inventory.yaml": "procedures: []\n", "procedures/accounting/payment.yaml": payment}
    yml = MINIMAL.replace("  - tebiki\n", "  - tebiki:\n      today: 2026-06-01\n      policy: {review-overdue: error, single-owner: ignore, owner-leaving: ignore}\n")
    config = minimal_handbook(tmp_path, yml, files)
    # reviewed 2026-01-15 + 12 months: not overdue on 2026-06-01, overdue on 2027-06-01
    assert not strict_build_fails(config) and tebiki_check(tmp_path) == 0
    later = {"TEBIKI_TODAY": "2027-06-01"}
    assert strict_build_fails(config, later) and tebiki_check(tmp_path, env=later) == 1
    assert tebiki_check(tmp_path, "--today", "2026-06-01", env=later) == 0  # the command line wins


def test_the_readme_ci_recipe_passes_on_the_sample(tmp_path: Path) -> None:
    """The `run:` steps after `pip install` in README.md's GitHub Actions block, run on the
    shipped sample as CI runs them (the built site goes to tmp_path, not into the repository)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### In GitHub Actions"):]
    block = section[section.index("```yaml"):section.index("```\n", section.index("```yaml") + 7)]
    steps = [line.split("run:", 1)[1].split("#", 1)[0].strip() for line in block.splitlines() if "- run:" in line]
    commands = [s for s in steps if not s.startswith("pip ")]
    assert commands == ["tebiki check --format github", "mkdocs build --strict"], steps
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for command in commands:
        argv = command.split()
        argv[0] = str(bin_dir / argv[0]) if (bin_dir / argv[0]).exists() else argv[0]
        if argv[1] == "build":
            argv += ["--site-dir", str(tmp_path / "site")]
        done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"


def test_the_old_plugin_edit_uri_option_is_reported_not_silently_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    yml = MINIMAL.replace("  - tebiki\n", "  - tebiki:\n      edit_uri: edit/main/\n") + REPO
    config = minimal_handbook(tmp_path, yml)
    with caplog.at_level(logging.WARNING):
        site, _ = built(config)
    assert [r for r in caplog.records if "edit_uri" in r.getMessage() and "no longer used" in r.getMessage()]
    button = EDIT_BUTTON.search(html_of(site, "procedures/acc-monthly-close"))
    assert button and button.group(1).endswith("/edit/main/procedures/accounting/monthly-close.yaml")
    with pytest.raises(Abort):
        built(config, strict=True)
