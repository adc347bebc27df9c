"""`tebiki render --engine zensical --out DIR` on the sample handbook and on broken ones:
what Zensical gets (config, pages, stylesheet, template, edit links) and when it gets nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest
import yaml

from cli_run import Ran, run_tebiki
from tebiki.adapters.zensical import MARKER
from constants import REPO, SITE_DAY

ROOT = REPO
SAMPLE_CONFIG = ROOT / "mkdocs.yml"
ZENSICAL = ROOT / ".venv-engines" / "zensical" / "bin" / "zensical"


def tebiki(*args: str, cwd: Path = ROOT) -> Ran:
    """`tebiki *args` in this process, judged on a fixed day."""
    return run_tebiki(list(args), cwd, env={"TEBIKI_TODAY": SITE_DAY.isoformat()})


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zensical") / "project"
    run = tebiki("render", "--engine", "zensical", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "zensical build" in run.stdout
    return out


def config_of(project: Path) -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_the_menu_is_grouped_by_department_with_japanese_titles(project: Path) -> None:
    nav = config_of(project)["nav"]
    titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
    assert titles[:2] == ["ホーム", "guide.md"]
    assert titles[2:7] == ["経理・財務", "総務", "人事・労務", "法務", "情報システム"]
    assert titles[7:] == ["人", "担当カバレッジ", "業務量", "星取表", "問題"]
    accounting = nav[2]["経理・財務"]
    assert accounting[0] == "departments/accounting/index.md"
    assert {"月次決算": "procedures/acc-monthly-close.md"} in accounting
    hr = nav[4]["人事・労務"]
    assert {"年末調整": "procedures/hr-year-end-adjustment.md"} in hr
    assert not any("procedures/acc-" in str(item) for item in hr)


def test_the_handbook_settings_are_kept_and_tebiki_plugin_line_dropped(project: Path) -> None:
    config = config_of(project)
    sample = yaml.load(SAMPLE_CONFIG.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == sample["site_name"] and config["repo_url"] == sample["repo_url"]
    assert config["theme"]["custom_dir"] == "overrides" and config["theme"]["font"] is False
    assert config["theme"]["features"] == sample["theme"]["features"]
    assert config["extra_css"] == ["assets/tebiki/tebiki.css"]
    assert [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]] == ["search", "tags"]
    # the slugify of toc keeps its python tag (Zensical resolves it like MkDocs)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python/object/apply:pymdownx.slugs.slugify" in text


def test_the_same_pages_as_the_plugin(project: Path, tmp_path: Path) -> None:
    plain = tmp_path / "markdown"
    assert tebiki("render", "--out", str(plain)).returncode == 0
    pages = {p.relative_to(plain).as_posix() for p in plain.rglob("*.md")}
    written = {p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")}
    assert pages <= written and written - pages == {"guide.md"}
    for page in ("workload.md", "coverage.md", "skills.md", "problems.md", "handover/kato.md"):
        assert page in written
    assert (project / "docs" / "assets" / "tebiki" / "tebiki.css").read_text(encoding="utf-8") == \
        (ROOT / "plugins" / "tebiki" / "assets" / "tebiki.css").read_text(encoding="utf-8")


def test_diagrams_are_inline_svg_linking_to_the_steps(project: Path) -> None:
    page = (project / "docs" / "procedures" / "acc-monthly-close.md").read_text(encoding="utf-8")
    assert "<svg" in page and "<img" not in page and not list((project / "docs").rglob("*.svg"))
    assert 'href="#step-collect-receipts"' in page or 'xlink:href="#step-' in page or 'href="#step-' in page
    assert 'id="step-' in page


def test_edit_links_open_the_yaml_files(project: Path) -> None:
    page = (project / "docs" / "procedures" / "acc-monthly-close.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["edit_url"] == "https://git.example.co.jp/minato/handbook/edit/main/procedures/accounting/monthly-close.yaml"
    assert front["title"] == "月次決算"
    home = yaml.safe_load((project / "docs" / "index.md").read_text(encoding="utf-8").split("---\n")[1])
    assert home["edit_url"].endswith("/edit/main/procedures/_inventory.yaml")
    actions = (project / "overrides" / "partials" / "actions.html").read_text(encoding="utf-8")
    assert "page.meta.edit_url" in actions and 'rel="edit"' in actions
    # the user's own page keeps Zensical's edit link (no front matter added)
    assert not (project / "docs" / "guide.md").read_text(encoding="utf-8").startswith("---\nedit_url")


def test_errors_exit_1_and_write_nothing(tebiki_handbook: Callable[..., Path], tmp_path: Path) -> None:
    root = tebiki_handbook({"a.yaml": "id: acc-a\ntitle: A\ndepartment: accounting\nsteps: [\n"})
    out = tmp_path / "out"
    run = tebiki("render", "--engine", "zensical", "--out", str(out), cwd=root)
    assert run.returncode == 1, run.stderr
    assert "yaml-syntax" in run.stdout and "何も書きませんでした" in run.stderr
    assert not out.exists()
    assert tebiki("check", cwd=root).returncode == 1  # the same verdict as tebiki check


def test_a_folder_tebiki_did_not_write_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    run = tebiki("render", "--engine", "zensical", "--out", str(out))
    assert run.returncode == 2 and "notes.txt" not in run.stderr and str(out) in run.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_second_run_replaces_the_pages_it_wrote(project: Path) -> None:
    stale = project / "docs" / "procedures" / "gone.md"
    stale.write_text("# gone\n", encoding="utf-8")
    assert (project / MARKER).is_file()
    run = tebiki("render", "--engine", "zensical", "--out", str(project))
    assert run.returncode == 0, run.stderr
    assert not stale.exists() and (project / "docs" / "procedures" / "acc-monthly-close.md").is_file()


@pytest.mark.skipif(not ZENSICAL.exists(), reason="make engines installs Zensical")
def test_zensical_builds_the_project(project: Path) -> None:
    run = subprocess.run([str(ZENSICAL), "build", "--strict", "--config-file", str(project / "mkdocs.yml")],
                         cwd=project, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    html = (project / "site" / "procedures" / "acc-monthly-close" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' in html and "procedures/accounting/monthly-close.yaml" in html
    assert "tebiki.css" in html and 'aria-label="月次決算 の流れ"' in html or "月次決算 の流れ" in html


@pytest.mark.parametrize(("config", "expected"), [
    ({"repo_url": "https://git.example/h", "edit_uri": "edit/main/docs/"},
     "https://git.example/h/edit/main/procedures/a%20b.yaml"),
    ({"repo_url": "https://git.example/h/", "edit_uri": "edit/main/docs"},
     "https://git.example/h/edit/main/procedures/a%20b.yaml"),
    ({"repo_url": "https://git.example/h", "edit_uri_template": "-/edit/main/docs/{path}"},
     "https://git.example/h/-/edit/main/procedures/a%20b.yaml"),
    ({"edit_uri": "https://git.example/h/edit/main/docs/"},  # as MkDocs: the browser resolves ../
     "https://git.example/h/edit/main/docs/../procedures/a%20b.yaml"),
    ({"edit_uri": "edit/main/docs/"}, None),  # no repo_url: not a working link
    ({"repo_url": "https://git.example/h"}, None),
])
def test_edit_url_is_joined_like_mkdocs(config: dict, expected: str | None) -> None:
    from tebiki.adapters.zensical import edit_url

    assert edit_url(config, "../procedures/a%20b.yaml") == expected


def test_a_handbook_with_its_own_home_page_keeps_it_first(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(ROOT / "procedures", root / "procedures")
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# ようこそ\n", encoding="utf-8")
    (root / "docs" / "rules.md").write_text("# 社内規程\n", encoding="utf-8")
    shutil.copy(SAMPLE_CONFIG, root / "mkdocs.yml")
    out = tmp_path / "out"
    run = tebiki("render", "--engine", "zensical", "--out", str(out), cwd=root)
    assert run.returncode == 0, run.stderr
    nav = config_of(out)["nav"]
    assert nav[:2] == ["index.md", "rules.md"]
    assert nav[2] == {"手引きの概要": "handbook.md"}
    assert (out / "docs" / "index.md").read_text(encoding="utf-8") == "# ようこそ\n"
    assert (out / "docs" / "handbook.md").is_file()


@pytest.mark.skipif(not ZENSICAL.exists(), reason="make engines installs Zensical")
def test_diagram_links_lead_to_pages_and_steps_in_the_built_site(project: Path) -> None:
    import re

    if not (project / "site" / "index.html").exists():
        run = subprocess.run([str(ZENSICAL), "build", "--strict", "--config-file", str(project / "mkdocs.yml")],
                             cwd=project, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
    site = project / "site"
    checked = 0
    for page in ("index.html", "departments/accounting/index.html", "procedures/acc-monthly-close/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for svg in re.findall(r"<svg.*?</svg>", html, re.S):
            for href in re.findall(r'href="([^"]*)"', svg):
                if href.startswith("#"):
                    assert href[1:] in ids, (page, href)
                else:
                    target = (site / page).parent / href / "index.html"
                    assert target.resolve().is_file(), (page, href)
                checked += 1
    assert checked > 20


def test_every_engine_draws_the_relation_map_grouped_by_department(project: Path, tmp_path: Path) -> None:
    """The home relation map has one box per department, each named (issue 12), on the
    Zensical project (inline SVG) and in `tebiki render` (index.map.svg) as on the MkDocs site."""
    import xml.etree.ElementTree as ET

    from tebiki.core import build_handbook

    departments = [d.name for d in build_handbook(ROOT, "procedures", today=SITE_DAY).org.departments.values()]
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    inline = next(svg for svg in re.findall(r"<svg.*?</svg>", home, re.S) if "cluster department" in svg)
    plain = tmp_path / "markdown"
    assert tebiki("render", "--out", str(plain)).returncode == 0
    exported = (plain / "index.map.svg").read_text(encoding="utf-8")
    for svg in (inline, exported):
        boxes = [g for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")
                 if "department" in (g.get("class") or "").split()]
        names = {"".join(t.itertext()).strip() for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
        assert len(boxes) == len(departments) and set(departments) <= names, names
