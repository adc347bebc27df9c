"""Search at scale, build side: title readings in the index (ｹｲﾋｾｲｻﾝ finds 経費精算),
their cache, and tebiki's worker put in place of Material's lunr worker. The browser
side (what a reader finds, first) is tests/browser/test_search_in_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook_fixture import build_site, write_handbook
from tebiki import search_readings
from tebiki.search_index import normalised_index
from tebiki.search_readings import ReadingCache, normalised_reading, reading_of
from tebiki.search_worker import WORKER_FILE, install_worker


def test_a_reading_is_normalised_like_a_query() -> None:
    assert reading_of("経費精算") == "けいひせいさん"
    assert reading_of("入社手続き") == "にゅうしゃてつづき"
    # what a reader types, half-width or katakana, comes to the same string
    assert normalised_reading("ｹｲﾋｾｲｻﾝ") == normalised_reading("ケイヒ セイサン") == reading_of("経費精算")
    assert reading_of("アカウント削除") == "あかうんとさくじょ"
    assert reading_of("ＰＣ") == "" and reading_of("Backup") == ""  # nothing to say in kana


def test_page_documents_get_their_title_reading_sections_do_not() -> None:
    index = {"config": {}, "docs": [
        {"location": "procedures/acc-expense/", "title": "経費精算", "text": ""},
        {"location": "procedures/acc-expense/#step-submit", "title": "1 経費を申請する", "text": ""},
        {"location": "guide/", "title": "Guide", "text": ""},
    ]}
    docs = normalised_index(index, ReadingCache(None))["docs"]
    assert docs[0]["reading"] == "けいひせいさん"
    assert "reading" not in docs[1] and "reading" not in docs[2]
    assert "reading" not in normalised_index(index)["docs"][0]  # without readings: NFKC only


def test_readings_are_cached_and_a_foreign_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "readings.json"
    cache = ReadingCache(path)
    assert cache.readings(["経費精算"]) == {"経費精算": "けいひせいさん"}
    cache.save()
    assert json.loads(path.read_text(encoding="utf-8"))["readings"] == {"経費精算": "けいひせいさん"}

    def no_dictionary(title: str) -> str:
        raise AssertionError(f"pykakasi loaded for {title}")

    monkeypatch.setattr(search_readings, "reading_of", no_dictionary)
    assert ReadingCache(path).readings(["経費精算"]) == {"経費精算": "けいひせいさん"}  # from the file
    # a cache someone edited (or committed from another machine) is not used
    data = json.loads(path.read_text(encoding="utf-8"))
    data["readings"]["経費精算"] = "うそ"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(search_readings, "reading_of", lambda title: "けいひせいさん")
    assert ReadingCache(path).readings(["経費精算"]) == {"経費精算": "けいひせいさん"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(write_handbook(tmp_path_factory.mktemp("handbook")))


def test_the_built_site_runs_tebikis_worker_under_materials_name(site: Path) -> None:
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert len(workers) == 1
    assert workers[0].read_bytes() == WORKER_FILE.read_bytes()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f"workers/{workers[0].name}" in page  # the page names the file Material wrote: unchanged
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    readings = {d["title"]: d.get("reading") for d in index["docs"] if "#" not in d["location"]}
    assert readings["月次決算"] == "げつじけっさん"


def test_a_theme_without_materials_worker_keeps_its_search(tmp_path: Path) -> None:
    assert install_worker(tmp_path) == []
    assert not (tmp_path / "assets").exists()


def test_a_page_for_zensical_carries_its_title_reading_hidden_before_its_first_section() -> None:
    from tebiki.render.context import RenderedPage
    from tebiki.render.slots import SEARCH_BOOST, h2, html_block, page_text
    from tebiki.search_page_reading import with_reading

    blocks = [html_block('<p class="tebiki-lead">立替えた経費を精算する。</p>'), h2("ステップ"),
              html_block("<pre>\n## 見出しではない\n</pre>")]
    page = RenderedPage("procedure", "acc-expense", "procedures/acc-expense.md", "経費精算",
                        page_text("経費精算", blocks, search=SEARCH_BOOST), None)
    markdown = with_reading(page, "けいひせいさん")
    reading = '<p class="tebiki-reading" hidden>けいひせいさん ケイヒセイサン</p>'
    assert markdown.index("立替えた経費") < markdown.index(reading) < markdown.index("## ステップ")
    assert markdown.count(reading) == 1 and "## 見出しではない" in markdown
    assert with_reading(page, "") == page.markdown
    # the problems page and hand-over packs stay out of search: no reading either
    excluded = RenderedPage("problems", None, "problems.md", "問題", page_text("問題", blocks, search_exclude=True), None)
    assert with_reading(excluded, "もんだい") == excluded.markdown


def material_index(docs: list[dict]) -> str:
    """What Material's search plugin writes (search_index.json): ASCII-escaped, compact."""
    config = {"lang": ["ja"], "separator": "[\\s\\-、。]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1000.0}}}
    return json.dumps({"config": config, "docs": docs}, separators=(",", ":"), default=str)


def test_the_index_rewritten_from_memory_has_the_bytes_of_the_one_read_back(tmp_path: Path) -> None:
    from tebiki.search_index import normalise_site_index, rewrite_site_index

    docs = [
        {"location": "procedures/acc-expense/", "title": "経費精算(ＰＣ)", "text": "ｱｶｳﾝﾄ <b>申請</b>", "tags": ["ＣＳＶ", 3],
         "boost": 2},
        {"location": "procedures/acc-expense/#step-submit", "title": "1 経費を申請する", "text": "\u3000全角　空白"},
        {"location": "guide/", "title": "Guide", "text": ""},
        {"location": "odd/", "text": "no title"},
    ]
    read_back, from_memory = tmp_path / "a", tmp_path / "b"
    for site in (read_back, from_memory):
        (site / "search").mkdir(parents=True)
        (site / "search" / "search_index.json").write_text(material_index(docs), encoding="utf-8")
    kept = json.loads(json.dumps(docs))
    assert normalise_site_index(read_back, ReadingCache(None))
    assert rewrite_site_index(from_memory, docs, ReadingCache(None))
    written = (from_memory / "search" / "search_index.json").read_bytes()
    assert written == (read_back / "search" / "search_index.json").read_bytes()
    assert json.loads(written)["docs"][0]["reading"] == "けいひせいさん(pc)"
    assert docs == kept  # the search plugin's documents are not changed


def test_an_index_of_another_shape_is_rewritten_whole_or_left_alone(tmp_path: Path) -> None:
    from tebiki.search_index import CONFIG_BYTES, rewrite_site_index

    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text('{"docs":[],"config":{"lang":["ja"]}}', encoding="utf-8")  # keys in another order
    assert rewrite_site_index(tmp_path, [{"location": "a/", "title": "ＰＣ", "text": ""}])
    assert index.read_text(encoding="utf-8") == '{"docs":[{"location":"a/","title":"PC","text":""}],"config":{"lang":["ja"]}}'
    large = '{"docs":[' + ",".join(['{"location":"a/","title":"A","text":""}'] * (CONFIG_BYTES // 30)) + '],"config":{}}'
    index.write_text(large, encoding="utf-8")  # too large to read whole: left to normalise_site_index
    assert not rewrite_site_index(tmp_path, [])
    assert index.read_text(encoding="utf-8") == large
    index.write_text("not json", encoding="utf-8")
    assert not rewrite_site_index(tmp_path, [])
    assert not rewrite_site_index(tmp_path / "nothing", [])


def test_a_site_build_rewrites_the_index_from_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_back(*_args: object) -> bool:
        raise AssertionError("the index was read back from its file")

    from material.plugins.search.plugin import SearchIndex

    serialised: list[int] = []
    generate = SearchIndex.generate_search_index

    def counted(self: SearchIndex, prev: object) -> str:
        serialised.append(len(self.entries))
        return generate(self, prev)

    monkeypatch.setattr("tebiki.adapters.mkdocs.build.normalise_site_index", read_back)
    monkeypatch.setattr(SearchIndex, "generate_search_index", counted)
    site = build_site(write_handbook(tmp_path / "handbook"))
    assert serialised == [0]  # the search plugin was handed no documents to serialise: tebiki wrote them
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    readings = {d["title"]: d.get("reading") for d in index["docs"] if "#" not in d["location"]}
    assert readings["月次決算"] == "げつじけっさん"


def test_readings_are_read_in_a_child_that_takes_pykakasi_along() -> None:
    """The worker that reads a build's titles does not keep pykakasi's dictionaries (~130 MB)
    to the end of the build: a child of it reads them and ends."""
    import subprocess
    import sys

    code = ("import sys; from tebiki.search_readings import readings_job; "
            "print(readings_job(['経費精算', 'Backup'])); print('pykakasi' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "{'経費精算': 'けいひせいさん', 'Backup': ''}"
    assert out[1] == "False"
