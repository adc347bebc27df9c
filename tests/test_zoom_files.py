"""`mkdocs build`'s 「図を拡大」 files are made where they are written (render/zoom.ZoomFile:
from the diagram cache, in the diagram worker; issue 13: the build's main process neither
holds nor writes them). Each is the text the page's own diagram gives (`full_size`), for a
procedure page, a hand-over pack's renamed step links and a map; in the worker (no way to
draw) and in the build (drawn again when the cache lacks it)."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from test_diagrams import monthly_close, procedure, step

from tebiki import written_aside
from tebiki.diagrams import DiagramRenderer
from tebiki.render.figures import Figures
from tebiki.render.zoom import ZoomFile, full_size
from tebiki.written_aside import WrittenAside


def zoom_files(cache: Path, zoom_cache: str | None) -> dict[str, dict[str, object]]:
    """The standalone files of a procedure page, a pack (anchor) and a map, drawn through `cache`."""
    figures = Figures(DiagramRenderer(cache), mode="deferred", zoom_label="図を拡大", zoom_cache=zoom_cache)
    close = monthly_close()
    other = procedure(step("a", "受け取る", "総務担当", "b"), step("b", "保管する", "総務担当"), id="ga-keep", title="保管")
    page = figures.flow("procedures/acc-close.md", close, "月次決算 の流れ")
    page += figures.flow("handover/sato.md", close, "月次決算", anchor="acc-close-step-")
    page += figures.map("departments/acc.md", [close, other], {}, lambda p: f"../{p.id}/", "関係図")
    figures.resolve(str(page))
    return figures.standalone


def as_written(files: dict[str, dict[str, object]], back: str) -> dict[str, str]:
    out = {}
    for page, named in files.items():
        for name, svg in named.items():
            if isinstance(svg, ZoomFile):
                out[f"{page}/{name}"] = svg.leading_back_to(back).text()
            else:
                assert isinstance(svg, str)
                out[f"{page}/{name}"] = svg.replace('href="index.html#', f'href="{back}#')
    return out


@pytest.mark.parametrize("back", ["index.html", "acc-close.html"])
def test_made_from_the_cache_they_are_the_texts_the_page_drew(tmp_path: Path, back: str) -> None:
    texts = zoom_files(tmp_path / "cache", None)
    recipes = zoom_files(tmp_path / "cache", str(tmp_path / "cache"))
    assert all(isinstance(f, str) for named in texts.values() for f in named.values())
    assert all(isinstance(f, ZoomFile) for named in recipes.values() for f in named.values())
    expected = as_written(texts, back)
    assert len(expected) == 3 and "acc-close-step-" in expected["handover/sato.md/sato.acc-monthly-close.flow.svg"]
    assert as_written(recipes, back) == expected
    # as the worker gets them: pickled, without the way to draw
    in_worker = {page: {name: pickle.loads(pickle.dumps(f)) for name, f in named.items()}
                 for page, named in recipes.items()}
    assert all(f.redo is None for named in in_worker.values() for f in named.values())
    assert as_written(in_worker, back) == expected


def test_a_diagram_the_cache_lacks_fails_in_the_worker_and_is_drawn_again_in_the_build(tmp_path: Path) -> None:
    texts = as_written(zoom_files(tmp_path / "cache", None), "index.html")
    recipes = zoom_files(tmp_path / "cache", str(tmp_path / "cache"))
    for entry in (tmp_path / "cache").iterdir():
        entry.unlink()  # an entry removed meanwhile (or a cache that could not be written)
    flow = recipes["procedures/acc-close.md"]["acc-close.flow.svg"]
    assert isinstance(flow, ZoomFile)
    with pytest.raises(LookupError):
        pickle.loads(pickle.dumps(flow)).text()
    assert as_written(recipes, "index.html") == texts


def test_the_worker_writes_them_and_the_build_writes_those_it_could_not(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    recipes = zoom_files(tmp_path / "cache", str(tmp_path / "cache"))
    expected = as_written(recipes, "index.html")
    missing = ZoomFile(str(tmp_path / "cache"), "0" * 64, None, lambda: full_size('<svg><a href="#step-a"/></svg>'))
    files = [(str(tmp_path / "site" / page / name), f) for page, named in recipes.items() for name, f in named.items()]
    files.append((str(tmp_path / "site" / "gone.flow.svg"), missing))
    written_here: list[str] = []
    write_files = written_aside.write_files

    def noted(batch: list[tuple[str, object]]) -> None:
        if os.getpid() == build:
            written_here.extend(path for path, _ in batch)
        write_files(batch)  # type: ignore[arg-type]

    build = os.getpid()
    monkeypatch.setattr(written_aside, "write_files", noted)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        aside = WrittenAside(pool)
        aside.write(files)
        aside.finish()
    for page_name, text in expected.items():
        assert (tmp_path / "site" / page_name).read_text(encoding="utf-8") == text
    assert (tmp_path / "site" / "gone.flow.svg").read_text(encoding="utf-8") == '<svg><a href="index.html#step-a"/></svg>'
    assert written_here == [path for path, _ in files]  # one batch: failed in the worker (the missing one), redone here
