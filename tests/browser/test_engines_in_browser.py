"""The sample handbook built by each site engine, with the same reader scenarios.

* mkdocs: MkDocs + Material with the tebiki plugin (`mkdocs build`, as `handbook`);
* properdocs: `properdocs build --strict` in `.venv-engines/properdocs`, a venv
  without the `mkdocs` package (`make engines`);
* zensical: `tebiki render --engine zensical --out DIR`, then `zensical build` in
  `.venv-engines/zensical`.

Scenarios: search 年末調整 / 調整 / 証憑を回収する, the flow diagram with its lanes, the
edit button opening the procedure's YAML file, no request leaving the server. The
build time and each query's result titles go to test-artifacts/engines.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

import pytest

from harness import (
    ARTIFACTS, MONTHLY_CLOSE, MONTHLY_CLOSE_ACTORS, ROOT, ROOT_CONFIG, YEAR_END, ServedSite, finish_build,
    flow_diagram, goto, playwright_expect, serve, start_build, unavailable,
)
from test_handbook_in_browser import (
    EDIT_HREFS,
    edit_link,
    procedure_files,
    search,
    search_box,
)

expect = playwright_expect()

pytestmark = pytest.mark.browser

ENGINES = ("mkdocs", "properdocs", "zensical")
ENGINE_VENVS = ROOT / ".venv-engines"
# query -> the procedure a reader looks for: its title and page
QUERIES = {"年末調整": ("年末調整", YEAR_END), "調整": ("年末調整", YEAR_END), "証憑を回収する": ("月次決算", MONTHLY_CLOSE)}
MEASURED: dict[str, dict[str, Any]] = {}


def engine_program(name: str) -> Path:
    program = ENGINE_VENVS / name / "bin" / name
    if not program.exists():
        unavailable(f"{program} is missing (run `make engines`); needed for the {name} build")
    return program


def run_build(args: list[str], cwd: Path) -> float:
    """Run one build command; its wall time in seconds (fails the test with its output)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1")
    started = time.perf_counter()
    run = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args))} failed (exit {run.returncode}):\n{run.stdout}\n{run.stderr}",
                    pytrace=False)
    return elapsed


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                allowed_netlocs: set[str]) -> Iterator[ServedSite]:
    engine = request.param
    MEASURED.setdefault(engine, {})
    work = tmp_path_factory.mktemp(f"engine-{engine}")
    if engine == "mkdocs":
        site_dir = work / "site"
        started = time.perf_counter()
        finish_build(start_build(ROOT_CONFIG, site_dir), site_dir)
        seconds = time.perf_counter() - started
    elif engine == "properdocs":
        site_dir = work / "site"
        seconds = run_build([str(engine_program("properdocs")), "build", "--strict", "--quiet",
                             "--config-file", str(ROOT_CONFIG), "--site-dir", str(site_dir)], ROOT)
    else:
        program = engine_program("zensical")
        project = work / "project"
        MEASURED[engine]["render_seconds"] = round(run_build(
            [sys.executable, "-m", "tebiki", "render", "--engine", "zensical", "--out", str(project)], ROOT), 1)
        seconds = run_build([str(program), "build", "--strict", "--config-file", str(project / "mkdocs.yml")], project)
        site_dir = project / "site"
    MEASURED[engine]["build_seconds"] = round(seconds, 1)
    assert (site_dir / "index.html").is_file()
    server = serve(site_dir)
    allowed_netlocs.add(server.site.netloc)
    yield server.site
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def write_measurements() -> Iterator[None]:
    yield
    if MEASURED:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "engines.json").write_text(json.dumps(MEASURED, ensure_ascii=False, indent=2), encoding="utf-8")


def engine_of(request: pytest.FixtureRequest) -> str:
    return request.node.callspec.params["engine_site"]


RESULT_LINKS = """links => links.map(a => [(a.querySelector('h1, h2') || a).textContent.replace(/\\s+/g, ' ').trim(),
                                          new URL(a.getAttribute('href'), location.href).pathname])"""


def material_search(page: Any, query: str) -> Any:
    """Material's search panel (MkDocs and ProperDocs): the links of its page results
    (a page's matching sections are folded under it)."""
    return search(page, query).locator("li > a:has(article h1)")


def zensical_search(page: Any, query: str) -> Any:
    """Zensical's search dialog (its own component, in a shadow root Playwright reads
    through): typed into its box; the results' links once it has answered."""
    box = page.get_by_role("combobox", name="Search")
    if not box.is_visible():
        page.locator(".md-search__button").first.click()
    listbox = page.get_by_role("listbox", name="Search results")
    box.fill("")
    expect(listbox.get_by_role("option")).to_have_count(0)
    box.fill(query)
    return listbox.get_by_role("option")


def test_search_finds_the_procedures(page: Any, engine_site: ServedSite, request: pytest.FixtureRequest) -> None:
    engine = engine_of(request)
    goto(page, engine_site, "")
    if engine != "zensical":
        search_box(page).click()
    found: dict[str, Any] = {}
    for query, (wanted_title, wanted_path) in QUERIES.items():
        links = (zensical_search if engine == "zensical" else material_search)(page, query)
        expect(links.and_(page.locator(f'[href*="{wanted_path}"]')).first).to_be_visible(timeout=5_000)
        results = links.evaluate_all(RESULT_LINKS)
        rank = next(i for i, (_t, path) in enumerate(results, 1) if path.endswith("/" + wanted_path))
        found[query] = {"first_hit_of": wanted_title, "rank": rank, "results": [t for t, _p in results[:8]]}
    MEASURED[engine]["search"] = found


# typed with the IME in 全角英数, or as bank and payroll data write kana -> the page to find
WIDTH_QUERIES = {"ＰＣ": "procedures/it-pc-lending/", "ｐｃ": "procedures/it-pc-lending/",
                 "ｱｶｳﾝﾄ": "procedures/it-account-delete/", "ﾊﾞｯｸｱｯﾌﾟ": "procedures/it-pc-lending/"}
# a title said in kana (half-width, as bank and payroll data write it) -> its page
READING_QUERIES = {"ｹｲﾋｾｲｻﾝ": "procedures/acc-expense/", "ﾈﾝﾏﾂﾁｮｳｾｲ": YEAR_END}


def test_search_reads_full_and_half_width_forms_alike(page: Any, engine_site: ServedSite,
                                                      request: pytest.FixtureRequest) -> None:
    """NFKC on every engine: tebiki's worker and script under MkDocs and ProperDocs,
    Zensical's own search (which compares NFKD forms of the index and the query)."""
    engine = engine_of(request)
    goto(page, engine_site, "")
    if engine != "zensical":
        search_box(page).click()
    for query, wanted_path in WIDTH_QUERIES.items():
        links = (zensical_search if engine == "zensical" else material_search)(page, query)
        expect(links.and_(page.locator(f'[href*="{wanted_path}"]')).first).to_be_visible(timeout=5_000)


def test_a_title_said_in_kana_finds_its_page_on_every_engine(page: Any, engine_site: ServedSite,
                                                            request: pytest.FixtureRequest) -> None:
    """The title's reading: in the index for tebiki's worker (MkDocs, ProperDocs), in the
    page as hidden text for Zensical's own search (search_page_reading.py); first result."""
    engine = engine_of(request)
    goto(page, engine_site, "")
    if engine != "zensical":
        search_box(page).click()
    for query, wanted_path in READING_QUERIES.items():
        links = (zensical_search if engine == "zensical" else material_search)(page, query)
        expect(links.and_(page.locator(f'[href*="{wanted_path}"]')).first).to_be_visible(timeout=5_000)
        first_path = links.evaluate_all(RESULT_LINKS)[0][1]
        assert first_path.endswith("/" + wanted_path), (engine, query, first_path)
    goto(page, engine_site, "procedures/acc-expense/")
    expect(page.get_by_text("けいひせいさん")).to_have_count(1 if engine == "zensical" else 0)
    expect(page.get_by_text("けいひせいさん")).to_be_hidden()  # never shown to a reader


def test_flow_diagram_is_visible_with_its_lanes(page: Any, engine_site: ServedSite) -> None:
    diagram, _box = flow_diagram(page, engine_site)
    for label in (*MONTHLY_CLOSE_ACTORS, "承認", "差戻し"):
        expect(diagram.locator("text", has_text=label).first, f"{label!r} in the flow").to_be_visible()
    # a step of the diagram opens that step on the page
    step = diagram.locator("a").first
    href = step.get_attribute("href") or step.get_attribute("xlink:href") or ""
    assert href.startswith("#step-"), href
    assert page.locator(f"[id='{href[1:]}']").count() == 1, href


def test_edit_button_opens_the_procedure_yaml(page: Any, engine_site: ServedSite) -> None:
    goto(page, engine_site, MONTHLY_CLOSE)
    link = edit_link(page)
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    assert href and unquote(href).endswith("procedures/accounting/monthly-close.yaml"), href
    expected = {pid: path.relative_to(ROOT).as_posix() for pid, path in procedure_files().items()}
    hrefs = page.evaluate(EDIT_HREFS, [f"../{pid}/" for pid in expected])
    wrong = {pid: h for (pid, suffix), h in zip(expected.items(), hrefs) if not unquote(h or "").endswith(suffix)}
    assert not wrong, f"edit buttons not opening the procedure's YAML: {wrong}"


def test_pages_make_no_external_request(context: Any, engine_site: ServedSite) -> None:
    page = context.new_page()
    for path in ("", MONTHLY_CLOSE, "coverage/", "workload/", "departments/accounting/"):
        goto(page, engine_site, path)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
    urls = context.request_log.urls
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls), urls
    assert any(u.endswith("tebiki.css") for u in urls), "the handbook's stylesheet is loaded"
    assert context.request_log.external() == []
