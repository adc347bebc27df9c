"""Flow diagrams and the related-procedures map, checked on the SVG a reader gets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import dataclasses
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from tebiki.diagrams import DiagramRenderer, flow_key
from tebiki.diagrams import dotsource, style
from tebiki.diagrams.cache import SvgCache, pack
from tebiki.diagrams.flow import flow_scene
from tebiki.diagrams.maps import map_scene
from tebiki.diagrams.text import display_width, text_width, wrap
from tebiki.model import Coverage, Location, Mode, Procedure, Step, Transition

NS = {"svg": "http://www.w3.org/2000/svg"}
HERE = Location("procedures/x.yaml")


# ---------------------------------------------------------------- factories


def step(id: str, title: str, actor: str, *next: str | tuple[str, str], mode: Mode = Mode.MANUAL) -> Step:
    """A step; `next` items are step ids or (step id, branch label)."""
    edges = tuple(Transition(n, None, HERE) if isinstance(n, str) else Transition(n[0], n[1], HERE) for n in next)
    return Step(id, title, actor, mode, 30, None, edges, HERE)


def procedure(*steps: Step, id: str = "acc-monthly-close", title: str = "月次決算", related: tuple[str, ...] = ()) -> Procedure:
    return Procedure(
        id=id, title=title, department="accounting", summary="毎月の締め", owner="sato", backup_owners=(),
        frequency="monthly", trigger=None, reviewed=None, review_interval_months=None, systems=(), references=(),
        related=related, tags=(), steps=tuple(steps), file=f"procedures/{id}.yaml",
    )  # fmt: skip


def monthly_close(title: str = "月次決算") -> Procedure:
    """The spec's example: collect -> check (承認 -> post / 差戻し -> collect) -> post -> end."""
    return procedure(
        step("collect", "証憑を回収する", "経理担当", "check"),
        step("check", "部長承認", "経理部長", ("post", "承認"), ("collect", "差戻し")),
        step("post", "仕訳を計上する", "経理担当", mode=Mode.SYSTEM),
        title=title,
    )


def anchor(step_id: str) -> str:
    return f"#step-{step_id}"


def render(proc: Procedure, lang: str = "ja") -> ET.Element:
    return ET.fromstring(DiagramRenderer(None, lang).procedure_svg(proc, anchor))


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{{{NS['svg']}}}text")]


def groups(root: ET.Element, klass: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{{{NS['svg']}}}g") if klass in (g.get("class") or "").split()]


def step_group(root: ET.Element, step_id: str) -> ET.Element:
    """The node group whose link points at the step's anchor."""
    for group in groups(root, "step"):
        if any(a.get("href") == anchor(step_id) for a in group.iter(f"{{{NS['svg']}}}a")):
            return group
    raise AssertionError(f"no node links to {anchor(step_id)}")


# ---------------------------------------------------------------- the flow


def test_lanes_follow_first_appearance_of_actors():
    proc = procedure(
        step("a", "受付", "総務担当"),
        step("b", "確認", "人事担当"),
        step("c", "登録", "総務担当"),
        step("d", "決裁", "部長"),
    )
    root = render(proc)
    assert len(groups(root, "lane")) == 3
    headers = groups(root, "lane-header")
    names = ["".join(texts(h)) for h in headers]
    xs = [float(h.find(".//svg:text", NS).get("x")) for h in headers]
    by_x = [name for _, name in sorted(zip(xs, names))]
    assert by_x == ["総務担当", "人事担当", "部長"]


def test_branch_labels_are_drawn_on_their_edges():
    root = render(monthly_close())
    branch_labels = sorted(t for g in groups(root, "branch") for t in texts(g))
    assert branch_labels == ["差戻し", "承認"]


def test_loop_back_is_drawn_as_a_back_edge_without_rank_constraint():
    proc = monthly_close()
    scene = flow_scene(proc, anchor)
    (back_line,) = [line for line in scene.dot.splitlines() if "s1 -> s0" in line]
    assert "constraint=false" in back_line
    assert all("constraint" not in line for line in scene.dot.splitlines() if "s0 -> s1" in line)
    root = render(proc)
    back = groups(root, "back")
    assert len(back) == 1 and texts(back[0]) == ["差戻し"]
    assert back[0].find("svg:path", NS).get("stroke") == style.BACK_EDGE
    # the loop did not push the first step below the approval step
    assert _centre_y(step_group(root, "collect")) < _centre_y(step_group(root, "check"))


def test_every_path_has_start_and_end():
    root = render(monthly_close())
    words = texts(root)
    assert "開始" in words and "終了" in words
    flows = [g for g in groups(root, "edge")]
    # start->collect, collect->check, 承認, 差戻し, post->end; invisible layout edges draw nothing
    assert len([g for g in flows if g.find("svg:path", NS) is not None]) == 5


def test_unreachable_step_is_marked_in_the_reader_language():
    proc = procedure(
        step("a", "受付", "総務担当", "c"),
        step("b", "どこからも来ない", "総務担当", "c"),
        step("c", "完了", "総務担当"),
    )
    root = render(proc)
    lost = step_group(root, "b")
    assert "unreachable" in lost.get("class").split()
    assert "(到達不能)" in texts(lost)
    border = lost.find(".//svg:polygon", NS) if lost.find(".//svg:polygon", NS) is not None else lost.find(".//svg:path", NS)
    assert border.get("stroke") == style.UNREACHABLE and border.get("stroke-dasharray")
    assert "到達不能" not in "".join(texts(step_group(root, "a")) + texts(step_group(root, "c")))
    assert "(unreachable)" in texts(step_group(render(proc, lang="en"), "b"))


def test_step_nodes_link_to_step_anchors_with_tooltips():
    proc = monthly_close()
    root = render(proc)
    for s in proc.steps:
        group = step_group(root, s.id)
        link = group.find(".//svg:a", NS)
        assert link.find("svg:title", NS).text.startswith(s.title)
        assert s.title in "".join(texts(link))  # the words themselves are clickable


def test_unknown_next_target_is_skipped_not_fatal():
    proc = procedure(step("a", "受付", "総務担当", "nowhere", "b"), step("b", "完了", "総務担当"))
    root = render(proc)
    assert len(groups(root, "flow")) == 1  # a -> b only


def test_modes_have_distinct_styles_and_a_legend():
    modes = list(Mode)
    chain = [step(m.value, f"{m.value} step", "担当", *modes[i + 1 : i + 2], mode=m) for i, m in enumerate(modes)]
    proc = procedure(*chain)
    root = render(proc)
    looks = {s.id: _shape_signature(step_group(root, s.id)) for s in proc.steps}
    assert len(set(looks.values())) == len(Mode)
    legend = ["".join(texts(g)) for g in groups(root, "legend")]
    assert legend == ["手作業", "紙", "システム", "自動", "外部委託"]


def test_long_japanese_titles_wrap_and_fit_their_boxes():
    title = "各部署から請求書・領収書・出張精算書を回収し、不足分を督促する"
    root = render(procedure(step("a", title, "経理担当")))
    group = step_group(root, "a")
    lines = texts(group)
    assert len(lines) > 1 and "".join(lines) == title
    assert all(display_width(line) <= 18 for line in lines)
    left, right = _x_extent(group)
    assert max(text_width(line, style.FONT_SIZE) for line in lines) < right - left


def test_svg_is_ready_to_inline_and_accessible():
    svg = DiagramRenderer(None).procedure_svg(monthly_close(title='A & B <"x">'), anchor)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "DOCTYPE" not in svg and "<!--" not in svg and "graphviz version" not in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("width") == "100%" and root.get("viewBox")
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find("svg:title", NS)
    assert title.get("id") == title_id and title.text == 'A & B <"x"> の流れ'
    assert root.find("svg:desc", NS).get("id") == desc_id
    assert root.find("svg:g/svg:polygon", NS).get("fill") == style.BACKGROUND  # light card in dark mode too
    assert [e for e in root.iter() if e.get("id") and e is not root and e.get("id") not in (title_id, desc_id)] == []


SPECIAL = ['say "hi"', "C:\\temp\\", "{x}", "<b>", "a;b]", "R&D", "\\N \\G \\l", "\\\\N", "a\\", "]]>", "&amp;"]


@pytest.mark.parametrize("special", SPECIAL)
def test_special_characters_render_as_written(special):
    proc = procedure(
        step("a", f"t {special}", f"r {special}", ("b", f"w {special}"), ("a", "差戻し")),
        step("b", "完了", "総務担当"),
        title=f"p {special}",
    )
    svg = DiagramRenderer(None).procedure_svg(proc, anchor)
    root = ET.fromstring(svg)  # well-formed XML
    words = texts(root)
    assert f"t {special}" in words and f"r {special}" in words and f"w {special}" in words
    assert root.find("svg:title", NS).text == f"p {special} の流れ"
    tooltip = step_group(root, "a").find(".//svg:a/svg:title", NS).text
    assert tooltip.splitlines()[0] == f"t {special}"


def test_newlines_in_titles_become_lines_and_tooltip_lines():
    proc = procedure(step("a", "一行目\n二行目", "経理\n担当", ("b", "承認\n済み")), step("b", "完了", "経理\n担当"))
    root = render(proc)
    assert texts(step_group(root, "a")) == ["一行目", "二行目"]
    assert step_group(root, "a").find(".//svg:a/svg:title", NS).text.startswith("一行目\n二行目\n")
    assert ["経理", "担当"] in [texts(h) for h in groups(root, "lane-header")]
    assert texts(groups(root, "branch")[0]) == ["承認", "済み"]


# ---------------------------------------------------------------- engine and determinism


def test_renders_without_any_dot_executable_on_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None
    root = render(monthly_close())
    assert "証憑を回収する" in texts(root)


FONT_PROBE = textwrap.dedent(
    """
    import hashlib, sys, pygraphviz
    sys.path[:0] = [{plugins!r}, {tests!r}]
    if sys.argv[1] == "plain":
        dot = 'digraph {{ node [shape=box fontname="Noto Sans CJK JP"]; a [label="証憑を回収する Receipts"]; a -> b [label="承認"] }}'
        out = pygraphviz.AGraph(string=dot).draw(format="svg", prog="dot")
    else:
        from test_diagrams import anchor, monthly_close
        from tebiki.diagrams import DiagramRenderer
        out = DiagramRenderer(None).procedure_svg(monthly_close(), anchor).encode()
    print(hashlib.sha256(out).hexdigest())
    """
)


def _fontconfigs(tmp_path: Path) -> dict[str, dict[str, str]]:
    """Environments that give Graphviz different fonts: the machine's, one monospace font only, none."""
    envs = {"system": {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}}
    fonts = sorted(Path("/usr/share/fonts").rglob("*Mono*.ttf")) if Path("/usr/share/fonts").is_dir() else []
    variants = {"none": []} | ({"mono": fonts[:1]} if fonts else {})
    for name, files in variants.items():
        folder = tmp_path / name
        folder.mkdir()
        for font in files:
            (folder / font.name).symlink_to(font)
        conf = tmp_path / f"{name}.conf"
        conf.write_text(f"<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
        envs[name] = envs["system"] | {"FONTCONFIG_FILE": str(conf)}
    return envs


def test_output_does_not_depend_on_installed_fonts(tmp_path):
    import tebiki

    script = FONT_PROBE.format(plugins=str(Path(tebiki.__file__).parents[1]), tests=str(Path(__file__).parent))
    envs = _fontconfigs(tmp_path)

    def run(kind: str, env: dict[str, str]) -> str:
        done = subprocess.run([sys.executable, "-c", script, kind], env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    plain = {run("plain", env) for env in envs.values()}
    if len(plain) == 1:
        pytest.skip("these font settings do not change Graphviz's text measurement here")
    # Graphviz's own text layout does change with the fonts; our diagrams do not.
    ours = {name: run("ours", env) for name, env in envs.items()}
    assert len(set(ours.values())) == 1, ours


def test_same_input_same_svg():
    first = DiagramRenderer(None).procedure_svg(monthly_close(), anchor)
    assert DiagramRenderer(None).procedure_svg(monthly_close(), anchor) == first


# ---------------------------------------------------------------- cache


def test_second_render_is_a_cache_hit_and_a_changed_title_a_miss(tmp_path):
    renderer = DiagramRenderer(tmp_path / "cache")
    first = renderer.procedure_svg(monthly_close(), anchor)
    assert (renderer.stats.hits, renderer.stats.misses) == (0, 1)
    assert renderer.procedure_svg(monthly_close(), anchor) == first
    assert (renderer.stats.hits, renderer.stats.misses) == (1, 1)
    other = DiagramRenderer(tmp_path / "cache")  # a new build reads the same folder
    assert other.procedure_svg(monthly_close(), anchor) == first and other.stats.hits == 1
    changed = renderer.procedure_svg(monthly_close(title="月次決算(改)"), anchor)
    assert renderer.stats.misses == 2 and "月次決算(改) の流れ" in changed


def _no_building(monkeypatch) -> None:
    """Make building a scene (and so any DOT) fail: a cache hit must not need it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the DOT was built on a cache hit")

    monkeypatch.setattr(dotsource.Digraph, "__init__", refuse)
    monkeypatch.setattr(dotsource.Graph, "__init__", refuse)
    monkeypatch.setattr("tebiki.diagrams.draw.flow_scene", refuse)
    monkeypatch.setattr("tebiki.diagrams.draw.map_scene", refuse)


def test_a_hit_builds_no_dot(tmp_path, monkeypatch):
    procs, cov = _map_fixture()
    first = DiagramRenderer(tmp_path)
    flow = first.procedure_svg(monthly_close(), anchor)
    chart = first.map_svg(procs, cov, lambda p: f"../{p.id}/", "map")
    _no_building(monkeypatch)
    again = DiagramRenderer(tmp_path)
    assert again.procedure_svg(monthly_close(), anchor) == flow
    assert again.map_svg(procs, cov, lambda p: f"../{p.id}/", "map") == chart
    assert (again.stats.hits, again.stats.misses) == (2, 0)
    with pytest.raises(AssertionError, match="built on a cache hit"):
        again.procedure_svg(monthly_close(title="別の手続"), anchor)


def _with_step(proc: Procedure, index: int, **changes) -> Procedure:
    steps = list(proc.steps)
    steps[index] = dataclasses.replace(steps[index], **changes)
    return dataclasses.replace(proc, steps=tuple(steps))


def _with_when(proc: Procedure, index: int, when: str) -> Procedure:
    first, *rest = proc.steps[index].next
    return _with_step(proc, index, next=(dataclasses.replace(first, when=when), *rest))


FLOW_CHANGES = {
    "procedure title": lambda p: dataclasses.replace(p, title="月次決算(改)"),
    "step id": lambda p: _with_step(p, 2, id="post2"),
    "step title": lambda p: _with_step(p, 0, title="証憑を集める"),
    "actor": lambda p: _with_step(p, 2, actor="経理部長"),
    "mode": lambda p: _with_step(p, 0, mode=Mode.PAPER),
    "minutes": lambda p: _with_step(p, 0, minutes=45),
    "branch label": lambda p: _with_when(p, 1, "承認済み"),
    "transition target": lambda p: _with_step(p, 0, next=(Transition("post", None, HERE),)),
}


@pytest.mark.parametrize("change", FLOW_CHANGES)
def test_a_change_the_flow_shows_is_a_miss(tmp_path, change):
    renderer = DiagramRenderer(tmp_path)
    before = renderer.procedure_svg(monthly_close(), anchor)
    after = renderer.procedure_svg(FLOW_CHANGES[change](monthly_close()), anchor)
    assert (renderer.stats.hits, renderer.stats.misses) == (0, 2) and after != before
    assert after == DiagramRenderer(None).procedure_svg(FLOW_CHANGES[change](monthly_close()), anchor)


def test_other_links_language_or_version_are_misses(tmp_path, monkeypatch):
    renderer = DiagramRenderer(tmp_path)
    renderer.procedure_svg(monthly_close(), anchor)
    assert 'href="../x/#step-post"' in renderer.procedure_svg(monthly_close(), lambda s: f"../x/#step-{s}")
    DiagramRenderer(tmp_path, lang="en").procedure_svg(monthly_close(), anchor)
    monkeypatch.setattr("tebiki.diagrams.keys.RENDERER_VERSION", "next")
    renderer.procedure_svg(monthly_close(), anchor)
    assert (renderer.stats.hits, renderer.stats.misses) == (0, 3)
    assert len(list(tmp_path.iterdir())) == 4


def test_a_change_the_flow_does_not_show_is_a_hit(tmp_path, monkeypatch):
    renderer = DiagramRenderer(tmp_path)
    first = renderer.procedure_svg(monthly_close(), anchor)
    _no_building(monkeypatch)
    unshown = dataclasses.replace(
        _with_step(monthly_close(), 0, description="詳しい説明"), summary="別の要約", owner="suzuki", tags=("x",)
    )
    assert renderer.procedure_svg(unshown, anchor) == first
    assert (renderer.stats.hits, renderer.stats.misses) == (1, 1)


def test_map_key_follows_what_the_map_shows(tmp_path):
    procs, cov = _map_fixture()
    link = lambda p: f"../{p.id}/"  # noqa: E731
    renderer = DiagramRenderer(tmp_path)
    renderer.map_svg(procs, cov, link, "map")
    renderer.map_svg([dataclasses.replace(procs[0], summary="x", owner=None)] + procs[1:], cov, link, "map")
    assert (renderer.stats.hits, renderer.stats.misses) == (1, 1)
    renderer.map_svg(procs, cov | {"acc-close": Coverage.NO_OWNER}, link, "map")
    renderer.map_svg(procs, cov, lambda p: f"/{p.id}/", "map")
    renderer.map_svg(procs, cov, link, "other title")
    renderer.map_svg(procs[:3] + [dataclasses.replace(procs[3], related=("acc-close",))], cov, link, "map")
    renderer.map_svg([dataclasses.replace(procs[0], title="決算")] + procs[1:], cov, link, "map")
    assert (renderer.stats.hits, renderer.stats.misses) == (1, 6)


def test_no_cache_dir_renders_every_time():
    renderer = DiagramRenderer(None)
    renderer.procedure_svg(monthly_close(), anchor)
    renderer.procedure_svg(monthly_close(), anchor)
    assert (renderer.stats.hits, renderer.stats.misses) == (0, 2)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "bad-checksum"])
def test_damaged_cache_entry_is_rendered_again_and_replaced(tmp_path, damage):
    expected = DiagramRenderer(None).procedure_svg(monthly_close(), anchor)
    entry = tmp_path / f"{flow_key(monthly_close(), {s.id: anchor(s.id) for s in monthly_close().steps}, 'ja')}.svg"
    whole = pack(expected)
    entry.write_bytes(
        {
            "garbage": b"\x00\xff not an svg",
            "truncated": whole[: len(whole) // 2],
            "empty": b"",
            "bad-checksum": whole.replace("証憑".encode(), "書類".encode()),
        }[damage]
    )
    renderer = DiagramRenderer(tmp_path)
    assert renderer.procedure_svg(monthly_close(), anchor) == expected
    assert renderer.stats.misses == 1
    assert entry.read_bytes() == whole
    assert renderer.procedure_svg(monthly_close(), anchor) == expected and renderer.stats.hits == 1


def test_unusable_cache_dir_renders_without_cache(tmp_path, caplog):
    caplog.set_level("INFO")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    renderer = DiagramRenderer(blocker / "cache")
    svg = renderer.procedure_svg(monthly_close(), anchor)
    assert "証憑を回収する" in texts(ET.fromstring(svg))
    assert renderer.procedure_svg(monthly_close(), anchor) == svg and renderer.stats.misses == 2
    said = [r for r in caplog.records if "diagram cache" in r.getMessage()]
    assert len(said) == 1 and said[0].levelname == "INFO"  # not a warning: --strict must not fail on it


def test_cache_writes_leave_no_temporary_files(tmp_path):
    DiagramRenderer(tmp_path).procedure_svg(monthly_close(), anchor)
    assert [p.suffix for p in tmp_path.iterdir()] == [".svg"]


def _variants(count: int) -> list[Procedure]:
    return [monthly_close(title=f"月次決算 {i % 4}") for i in range(count)]


def test_concurrent_threads_share_a_cache_dir(tmp_path):
    expected = {p.title: DiagramRenderer(None).procedure_svg(p, anchor) for p in _variants(4)}
    barrier = threading.Barrier(8)

    def build(proc: Procedure) -> tuple[str, str]:
        barrier.wait(timeout=10)  # all threads start rendering at once
        return proc.title, DiagramRenderer(tmp_path).procedure_svg(proc, anchor)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(build, _variants(8)))
    assert all(svg == expected[title] for title, svg in results)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".svg"] * 4


def _build_in_process(folder: str) -> list[str]:
    renderer = DiagramRenderer(Path(folder))
    return [renderer.procedure_svg(p, anchor) for p in _variants(12)]


def test_concurrent_processes_share_a_cache_dir(tmp_path):
    expected = [DiagramRenderer(None).procedure_svg(p, anchor) for p in _variants(12)]
    with ProcessPoolExecutor(3) as pool:
        outputs = list(pool.map(_build_in_process, [str(tmp_path)] * 3))
    assert all(out == expected for out in outputs)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".svg"] * 4
    assert all(SvgCache(tmp_path).get(p.stem) is not None for p in tmp_path.iterdir())


def test_prepare_renders_misses_in_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setattr("tebiki.diagrams.renderer.MIN_BATCH", 2)
    # as in a plain `mkdocs build`: no other thread (the browser tests' server may be running)
    monkeypatch.setattr("tebiki.diagrams.renderer.threading.active_count", lambda: 1)
    procs, cov = _map_fixture()
    flows = [(p, anchor) for p in _variants(6)] + [(monthly_close(), lambda s: f"../x/#{s}")]
    maps = [(procs, cov, lambda p: f"../{p.id}/", "map")]
    expected = [DiagramRenderer(None).procedure_svg(*job) for job in flows] + [DiagramRenderer(None).map_svg(*maps[0])]
    renderer = DiagramRenderer(tmp_path)
    assert renderer.prepare(flows, maps) == 6  # 4 distinct titles, the other link, the map
    got = [renderer.procedure_svg(*job) for job in flows] + [renderer.map_svg(*maps[0])]
    assert got == expected
    assert (renderer.stats.hits, renderer.stats.misses) == (2, 6)  # repeated titles are hits
    assert len(list(tmp_path.glob("*.svg"))) == 6
    assert renderer.prepare(flows, maps) == 0  # all cached now
    renderer.close()


def test_prepare_without_cache_hands_results_over(monkeypatch):
    monkeypatch.setattr("tebiki.diagrams.renderer.MIN_BATCH", 2)
    # as in a plain `mkdocs build`: no other thread (the browser tests' server may be running)
    monkeypatch.setattr("tebiki.diagrams.renderer.threading.active_count", lambda: 1)
    flows = [(p, anchor) for p in _variants(4)]
    renderer = DiagramRenderer(None)
    assert renderer.prepare(flows) == 4
    assert [renderer.procedure_svg(*job) for job in flows] == [DiagramRenderer(None).procedure_svg(*job) for job in flows]
    assert renderer.stats.misses == 4
    renderer.close()


def test_closing_drops_waiting_jobs_and_renders_on_demand(tmp_path, monkeypatch):
    monkeypatch.setattr("tebiki.diagrams.renderer.MIN_BATCH", 2)
    flows = [(p, anchor) for p in _variants(4)]
    renderer = DiagramRenderer(tmp_path)
    renderer.prepare(flows, workers=1)
    renderer.close()
    assert [renderer.procedure_svg(*job) for job in flows] == [DiagramRenderer(None).procedure_svg(*job) for job in flows]


def test_prepare_starts_nothing_while_other_threads_run(tmp_path, monkeypatch):
    """Forking a process that runs other threads (`mkdocs serve`) is unsafe: render on demand."""
    monkeypatch.setattr("tebiki.diagrams.renderer.MIN_BATCH", 2)
    monkeypatch.setattr("tebiki.diagrams.renderer.threading.active_count", lambda: 3)
    flows = [(p, anchor) for p in _variants(4)]
    renderer = DiagramRenderer(tmp_path)
    assert renderer.prepare(flows) == 0
    assert all(renderer.procedure_svg(*job) for job in flows) and renderer.stats.misses == 4


def test_prepare_starts_nothing_for_few_misses(tmp_path):
    renderer = DiagramRenderer(tmp_path)
    assert renderer.prepare([(monthly_close(), anchor)]) == 0
    renderer.close()  # harmless without a pool
    assert renderer.procedure_svg(monthly_close(), anchor) and renderer.stats.misses == 1


# ---------------------------------------------------------------- map


def _map_fixture() -> tuple[list[Procedure], dict[str, Coverage]]:
    procs = [
        procedure(id="acc-close", title="月次決算", related=("acc-invoice", "acc-pay")),
        procedure(id="acc-invoice", title="請求書発行", related=("acc-close",)),
        procedure(id="acc-pay", title="支払処理", related=("hr-elsewhere",)),
        procedure(id="hr-join", title="入社手続"),
    ]
    cov = {
        "acc-close": Coverage.COVERED,
        "acc-invoice": Coverage.SINGLE_OWNER,
        "acc-pay": Coverage.NO_OWNER,
        "hr-join": Coverage.COVERED,
        "hr-elsewhere": Coverage.NO_OWNER,  # not in the set: not counted, not drawn
    }
    return procs, cov


def test_map_nodes_are_coloured_by_coverage_and_linked():
    procs, cov = _map_fixture()
    svg = DiagramRenderer(None).map_svg(procs, cov, lambda p: f"../{p.id}/", "関連手続マップ")
    root = ET.fromstring(svg)
    assert root.find("svg:title", NS).text == "関連手続マップ"
    nodes = groups(root, "procedure")
    assert len(nodes) == 4
    for proc in procs:
        (node,) = [g for g in nodes if g.find(".//svg:a", NS).get("href") == f"../{proc.id}/"]
        assert f"coverage-{cov[proc.id].value}" in node.get("class").split()
        shape = node.find(".//svg:path", NS) if node.find(".//svg:path", NS) is not None else node.find(".//svg:polygon", NS)
        assert shape.get("fill") == style.COVERAGE_STYLE[cov[proc.id]]["fillcolor"]
        assert proc.title in "".join(texts(node))
    legend = ["".join(texts(g)) for g in groups(root, "legend")]
    assert legend == ["担当者なし (1)", "単独担当 (1)", "複数担当 (2)"]


def test_map_edges_stay_within_the_set_and_are_drawn_once():
    procs, cov = _map_fixture()
    root = ET.fromstring(DiagramRenderer(None).map_svg(procs, cov, lambda p: p.id, "map"))
    assert len([g for g in groups(root, "edge") if g.find("svg:path", NS) is not None]) == 2
    only_two = procs[2:]  # acc-pay relates only to procedures outside this subset
    root = ET.fromstring(DiagramRenderer(None).map_svg(only_two, cov, lambda p: p.id, "map"))
    assert [g for g in groups(root, "edge") if g.find("svg:path", NS) is not None] == []
    assert "--" not in map_scene(only_two, cov, lambda p: p.id, "map").dot


# ---------------------------------------------------------------- text


def test_display_width_counts_wide_characters_twice():
    assert display_width("経理") == 4 and display_width("AB") == 2 and display_width("ｱ") == 1


def test_wrap_respects_width_and_japanese_line_breaking():
    lines = wrap("証憑を回収し、各部署から請求書・領収書を集めて確認する")
    assert all(display_width(line) <= 18 for line in lines)
    assert not any(line[0] in "、。）」" for line in lines)
    assert wrap("Collect receipts from every department") == ("Collect receipts", "from every", "department")
    assert len(wrap("長" * 100)) == 5 and wrap("長" * 100)[-1].endswith("…")


# ---------------------------------------------------------------- helpers


def _numbers(group: ET.Element) -> list[tuple[float, float]]:
    points = []
    for shape in group.iter():
        raw = shape.get("points") or shape.get("d") or ""
        values = [float(v) for v in raw.replace("M", " ").replace("C", " ").replace(",", " ").split()]
        points += list(zip(values[::2], values[1::2]))
    return points


def _x_extent(group: ET.Element) -> tuple[float, float]:
    xs = [x for x, _ in _numbers(group)]
    return min(xs), max(xs)


def _centre_y(group: ET.Element) -> float:
    ys = [y for _, y in _numbers(group)]
    return (min(ys) + max(ys)) / 2


def _shape_signature(group: ET.Element) -> tuple:
    shapes = [s for s in group.iter() if s.tag.split("}")[1] in ("polygon", "path", "polyline")]
    return tuple((s.tag, s.get("fill"), s.get("stroke"), s.get("stroke-dasharray")) for s in shapes)


def test_prune_removes_only_stale_unused_entries_and_old_temp_files(tmp_path):
    import os
    import time

    from tebiki.diagrams.cache import STALE_AFTER, TEMP_STALE_AFTER

    renderer = DiagramRenderer(tmp_path)
    used_svg = renderer.procedure_svg(monthly_close(), anchor)
    (used,) = renderer.used
    old = time.time() - STALE_AFTER - 60
    files = {
        "used": tmp_path / f"{used}.svg",
        "stale": tmp_path / ("a" * 64 + ".svg"),
        "recent": tmp_path / ("b" * 64 + ".svg"),
        "old_temp": tmp_path / ".0123456789abcdef.x1y2_z3.tmp",
        "new_temp": tmp_path / ".0123456789abcdef.a1b2c3.tmp",
        "other": tmp_path / "notes.txt",
        # A user's own files under names tebiki could write, but not written by tebiki:
        "users_svg": tmp_path / ("c" * 64 + ".svg"),
        "users_tmp": tmp_path / ".0123456789abcdef.mine.tmp",
        "users_logo": tmp_path / "logo.svg",
    }
    for name, path in files.items():
        if name != "used":
            path.write_bytes(b"tebiki-svg-2 x\n<svg/>" if name in ("stale", "recent", "old_temp", "new_temp")
                             else b"<svg>mine</svg>")
    for name in ("used", "stale", "other", "users_svg", "users_logo"):
        os.utime(files[name], (old, old))
    for name in ("old_temp", "users_tmp"):
        os.utime(files[name], (time.time() - TEMP_STALE_AFTER - 60,) * 2)

    assert renderer.prune_cache() == 2
    assert sorted(n for n, p in files.items() if p.exists()) == [
        "new_temp", "other", "recent", "used", "users_logo", "users_svg", "users_tmp"]
    assert DiagramRenderer(tmp_path).procedure_svg(monthly_close(), anchor) == used_svg


def test_prune_without_cache_or_with_a_missing_folder_does_nothing(tmp_path):
    assert DiagramRenderer(None).prune_cache() == 0
    assert DiagramRenderer(tmp_path / "never-made").prune_cache() == 0


def test_a_diagram_shown_on_several_pages_is_read_from_the_cache_once(tmp_path, monkeypatch):
    """A flow is on its procedure's page and on hand-over packs: the renderer gives it again
    from memory (up to KEEP_CHARS of SVG), not by reading and checking its cache file each
    time (issue 13: the main process of a cold build), until every page is written."""
    from tebiki.diagrams import cache as cache_module
    from tebiki.diagrams import renderer as renderer_module

    drawn = DiagramRenderer(tmp_path).procedure_svg(monthly_close(), anchor)  # in the cache now
    reads = []
    get = cache_module.SvgCache.get
    monkeypatch.setattr(cache_module.SvgCache, "get", lambda self, key: reads.append(key) or get(self, key))
    renderer = DiagramRenderer(tmp_path)
    assert [renderer.procedure_svg(monthly_close(), anchor) for _ in range(3)] == [drawn] * 3
    assert len(reads) == 1 and renderer.stats.hits == 3
    renderer.end_workers()  # every page written: let go of
    assert renderer.procedure_svg(monthly_close(), anchor) == drawn and len(reads) == 2

    monkeypatch.setattr(renderer_module, "KEEP_CHARS", len(drawn) - 1)  # over the budget: read each time
    reads.clear()
    renderer = DiagramRenderer(tmp_path)
    assert [renderer.procedure_svg(monthly_close(), anchor) for _ in range(3)] == [drawn] * 3
    assert len(reads) == 3
