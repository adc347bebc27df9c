"""What `tebiki check` does not do (issue 13, bench/check.py): it imports no site engine,
template, diagram or reading library, computes each procedure's coverage once, keeps the
cycle collector paused while it loads and checks, and builds no escaping pattern for a
report that has nothing to escape. Each shortcut gives the same answers as the long way
(the shortcuts' own tests sit beside the rules: test_hidden_characters, test_people_yaml,
test_handbook_files)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from core_samples import CLEAN_PROCEDURE

from tebiki import checks, core
from tebiki.core import build_handbook

TODAY = date(2026, 11, 24)

NOT_FOR_CHECK = ("mkdocs", "material", "properdocs", "zensical", "jinja2", "markdown", "pymdownx", "pygraphviz",
                 "pykakasi", "budoux", "nh3", "openpyxl", "jsonschema", "tebiki.render.pages", "tebiki.diagrams",
                 "tebiki.adapters", "tebiki.starter", "tebiki.inventory_import", "tebiki.gitrev",
                 "tebiki.workload_compare", "importlib.metadata", "subprocess",
                 "tebiki.render", "tebiki.skills", "tebiki.workload_report", "tebiki.outfile", "tebiki.i18n.labels",
                 "tebiki.i18n.reports", "importlib.resources", "tempfile", "csv")
"""Modules a check of a valid handbook never needs (jsonschema explains invalid documents only; the
other commands import their own: init's starter files, inventory import, workload's git comparison and
tables, the skills export, whatif's labels, writing a file beside its target; the schema folder is
found without importlib.resources)."""


def test_tebiki_check_imports_no_engine_template_diagram_or_reading_library(
        tebiki_handbook: Callable[..., Path]) -> None:
    root = tebiki_handbook({"accounting/close.yaml": CLEAN_PROCEDURE})
    script = ("import sys, io, contextlib\n"
              "from tebiki.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
              "    code = main(['check', '--format', 'json', '--today', '2026-11-24'])\n"
              "print(code, out.getvalue().count('\"code\"'))\n"
              "print(' '.join(sorted(sys.modules)))\n")
    ran = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    result, modules = ran.stdout.split("\n")[:2]
    assert result == "0 0", ran.stdout  # the clean handbook passes: nothing was skipped to get here
    loaded = set(modules.split())
    assert "tebiki.core" in loaded and "yaml" in loaded
    assert [m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_FOR_CHECK)] == []


def test_each_coverage_class_is_computed_once_per_build(tebiki_handbook: Callable[..., Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    other = CLEAN_PROCEDURE.replace("id: acc-close", "id: acc-other").replace("backup_owners: [suzuki]\n", "")
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE, "b.yaml": other})
    asked: list[str] = []
    real = core.coverage_of

    def counted(procedure, org):  # type: ignore[no-untyped-def]
        asked.append(procedure.id)
        return real(procedure, org)

    monkeypatch.setattr(core, "coverage_of", counted)
    monkeypatch.setattr(checks, "coverage_of", counted)
    handbook = build_handbook(root, today=TODAY)
    assert sorted(asked) == ["acc-close", "acc-other"]
    assert [(p.code, p.procedure) for p in handbook.problems if p.code == "single-owner"] == [
        ("single-owner", "acc-other")]
    assert handbook.coverage == {"acc-close": "covered", "acc-other": "single_owner"}


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_loading_and_checking_and_left_as_it_was(
        tebiki_handbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, enabled: bool) -> None:
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE})
    seen: list[bool] = []
    real = checks.run_checks

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(core, "run_checks", watched)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        build_handbook(root, today=TODAY)
        assert gc.isenabled() is enabled
        with pytest.raises(core.HandbookError):
            build_handbook(root / "nowhere", today=TODAY)
        assert gc.isenabled() is enabled  # also after a build that could not run
    finally:
        gc.enable() if was else gc.disable()
    assert seen == [False]


def test_a_report_with_nothing_to_escape_builds_no_escaping_pattern(tebiki_handbook: Callable[..., Path]) -> None:
    from tebiki.display import unsafe_characters
    from tebiki.reporters import json_report

    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE.replace("reviewed: 2026-04-01\n", "")})
    handbook = build_handbook(root, today=TODAY)
    assert [p.code for p in handbook.problems] == ["review-overdue"]
    unsafe_characters.cache_clear()
    report = json_report(handbook, "ja")
    assert unsafe_characters.cache_info().misses == 0
    assert json.loads(report)["problems"][0]["code"] == "review-overdue"
    hostile = CLEAN_PROCEDURE.replace("owner: sato", 'owner: "sato\\u2028"')
    handbook = build_handbook(tebiki_handbook({"a.yaml": hostile}), today=TODAY)
    report = json_report(handbook, "ja")
    assert unsafe_characters.cache_info().misses == 1  # a line separator in a message: escaped as before
    assert "\u2028" not in report and "sato\\u2028" in report


def test_the_quick_answers_agree_with_the_rules_on_every_character() -> None:
    """`visible` answers a text starting with a letter or digit without looking up categories, and
    `safe_name` matches an ASCII name at once: both agree with the per-character rule everywhere."""
    import unicodedata

    from tebiki.handbook_files import SAFE_NAME, safe_name
    from tebiki.safety_checks import _FILLERS, _INVISIBLE_CATEGORIES, visible

    def draws(ch: str) -> bool:
        return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _FILLERS

    wrong = [hex(cp) for cp in range(sys.maxunicode + 1)
             if visible(chr(cp) + "\u200b") != draws(chr(cp))]  # the zero-width space after draws nothing
    assert wrong == []
    assert not visible("\u3164\u200b") and not visible("") and visible("\u200b見")
    wrong = [chr(cp) for cp in range(128) if safe_name(f"a{chr(cp)}b") != bool(SAFE_NAME.fullmatch(chr(cp)))]
    assert wrong == []
    assert not safe_name(" a.yaml") and not safe_name("") and safe_name("経理_月次-1.yaml")


def test_each_procedure_step_graph_is_built_once_per_check(tebiki_handbook: Callable[..., Path],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`unreachable-step` and `endless-loop` walk the same graph: one `successors` per procedure."""
    from tebiki import graph

    looping = CLEAN_PROCEDURE.replace("id: acc-close", "id: acc-loop").replace(
        "    actor: 経理担当\n", "    actor: 経理担当\n    next: [collect]\n", 1) + \
        "  - id: stray\n    title: 迷子\n    actor: 経理担当\n"
    root = tebiki_handbook({"a.yaml": CLEAN_PROCEDURE, "b.yaml": looping})
    built: list[str] = []
    real = graph.successors

    def counted(procedure):  # type: ignore[no-untyped-def]
        built.append(procedure.id)
        return real(procedure)

    monkeypatch.setattr(graph, "successors", counted)
    handbook = build_handbook(root, today=TODAY)
    assert sorted(built) == ["acc-close", "acc-loop"]
    found = [(p.code, p.params.get("step"), p.params.get("steps")) for p in handbook.problems
             if p.code in ("unreachable-step", "endless-loop")]
    assert found == [("endless-loop", "collect", "collect"), ("unreachable-step", "post", None),
                     ("unreachable-step", "stray", None)]


def test_a_name_missing_from_org_in_many_files_is_looked_up_once(tebiki_handbook: Callable[..., Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`owner: Mori` in every file: each message still names the closest person, found once per name."""
    files = {f"p{i}.yaml": CLEAN_PROCEDURE.replace("id: acc-close", f"id: acc-{i}").replace("owner: sato", "owner: Mori")
             .replace("backup_owners: [suzuki]", "backup_owners: [Suzuki, ghost]") for i in range(5)}
    root = tebiki_handbook(files)
    asked: list[str] = []
    real = checks.closest

    def counted(found, known, names=None):  # type: ignore[no-untyped-def]
        asked.append(found)
        return real(found, known, names)

    monkeypatch.setattr(checks, "closest", counted)
    handbook = build_handbook(root, today=TODAY)
    assert sorted(asked) == ["Mori", "Suzuki", "ghost"]
    unknown = [(p.procedure, p.params["found"], p.params["suggestion"]) for p in handbook.problems
               if p.code == "unknown-person"]
    assert unknown == [(f"acc-{i}", found, hint) for i in range(5)
                       for found, hint in (("Mori", ""), ("Suzuki", "suzuki"), ("ghost", ""))]


def test_the_commands_registered_beside_check_name_what_their_own_modules_do() -> None:
    """Registering `skills` and `workload` imports no renderer, so their choices are named twice:
    they must stay the same; the schema folder is the one importlib.resources names."""
    from importlib import resources

    from tebiki import cli_skills, schemas, workload, workload_report
    from tebiki.render.skills_export import FORMATS

    assert cli_skills.FORMAT_NAMES == tuple(FORMATS)
    assert workload_report.BREAKDOWNS is workload.BREAKDOWNS
    packaged = resources.files("tebiki") / "schema"
    expected = Path(str(packaged)) if packaged.is_dir() else Path(schemas.__file__).resolve().parents[2] / "schema"
    assert schemas.schema_dir() == expected and (schemas.schema_dir() / "procedure.schema.json").is_file()


def test_the_quick_no_inline_comment_answer_agrees_with_the_pattern() -> None:
    """`may_cut_values` rules most files out with two substring searches: never one the pattern
    finds (every text of up to five characters from spaces, tabs, `#`, breaks and letters)."""
    from itertools import product

    from tebiki.yamlslips import _SPACE_HASH_TEXT, may_cut_values

    alphabet = " \t#\nx\u3000\u00a0"
    texts = ("".join(chars) for n in range(6) for chars in product(alphabet, repeat=n))
    wrong = [text for text in texts if may_cut_values(text) != (_SPACE_HASH_TEXT.search(text) is not None)]
    assert wrong == []


@pytest.mark.parametrize("root, path", [
    ("/hb", "/hb/procedures/a.yaml"), ("/hb", "/hb2/a.yaml"), ("/hb", "/hb"), ("/", "/a/b.yaml"), (".", "procedures/a.yaml"),
    ("hb", "hb/procedures/経理/月次.yaml"), ("/hb", "/other/a.yaml"), ("/h b", "/h b/p/a b.yaml")])
def test_a_file_name_relative_to_the_handbook_is_the_one_pathlib_gives(root: str, path: str) -> None:
    from tebiki.handbook_files import relative

    try:
        expected = Path(path).relative_to(Path(root)).as_posix()
    except ValueError:
        expected = Path(path).as_posix()
    assert relative(Path(root), Path(path)) == expected


def test_the_read_check_of_a_load_gives_what_the_full_check_gives(tmp_path: Path) -> None:
    """ReadChecker compares real folders as text: same targets and refusals as check_readable."""
    from tebiki.handbook_files import ReadChecker, UnsafeFile, check_readable

    root, outside = tmp_path / "hb", tmp_path / "hb2"
    (root / "procedures" / "経理").mkdir(parents=True)
    outside.mkdir()
    (root / "procedures" / "経理" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (outside / "b.yaml").write_text("id: b\n", encoding="utf-8")
    (root / "procedures" / "out").symlink_to(outside)  # a folder that leads out, reached by its own path
    (root / "procedures" / "here").symlink_to(root / "procedures" / "経理")
    checker = ReadChecker(root)

    def answer(check, path: Path) -> str:  # type: ignore[no-untyped-def]
        try:
            return str(check(path))
        except UnsafeFile as refusal:
            return refusal.reason
        except FileNotFoundError:
            return "absent"

    for path in (root / "procedures" / "経理" / "a.yaml", root / "procedures" / "out" / "b.yaml",
                 root / "procedures" / "here" / "a.yaml", root / "procedures" / "none.yaml"):
        assert answer(checker.check, path) == answer(lambda p: check_readable(root, p), path)
    assert answer(checker.check, root / "procedures" / "out" / "b.yaml") == "outside"


def _located_the_long_way(document, path: tuple, key: bool):  # type: ignore[no-untyped-def]
    """The rule `YamlDocument.locate` follows, written as the recursion it was (one prefix at a time)."""
    import yaml

    if not path:
        return document.root
    parent = _located_the_long_way(document, path[:-1], False)
    step, found = path[-1], None
    if isinstance(parent, yaml.MappingNode):
        for key_node, value_node in parent.value:
            if key_node.value == str(step):
                found = key_node if key else value_node
                break
    elif isinstance(parent, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(parent.value):
        found = parent.value[step]
    return found if found is not None else parent


def test_every_place_is_located_as_the_prefix_by_prefix_walk_locates_it() -> None:
    """`locate` indexes each mapping's keys once: every path (found, missing, through a repeated
    key, a list index too far, a key where a list is) gives the place the long way gives."""
    from itertools import product

    from tebiki.yamlfile import parse_yaml

    text = ("id: a\nsteps:\n  - id: s1\n    next: [s2, {to: s3, when: x}]\n  - id: s2\n    id: again\n"
            "owner: sato\nowner: suzuki\n3: three\nrelated:\n  - b\n")
    document = parse_yaml(text.encode("utf-8"), "a.yaml")
    assert [p.code for p in document.problems] == ["duplicate-key", "duplicate-key"]
    steps: list[str | int] = ["id", "steps", "next", "to", "when", "owner", "related", "nothing", "3", 0, 1, 2, 3, -1]
    for n in range(4):
        for path in product(steps, repeat=n):
            for key in (False, True):
                expected = _located_the_long_way(document, path, key)
                got = document.locate(list(path), key=key)
                assert (got.line, got.column) == (expected.start_mark.line + 1, expected.start_mark.column + 1), path


def test_both_composers_take_the_resolver_stand_ins_and_give_the_same_tree() -> None:
    """libyaml's composer and PyYAML's own (the fallback without libyaml) call the C no-ops that
    stand in for path tracking with the same arguments: same nodes, tags and places."""
    import yaml

    from tebiki import yamlfile

    class Pure(yaml.SafeLoader):
        resolve = yamlfile._Loader.resolve
        descend_resolver = staticmethod(yamlfile._Loader.descend_resolver)
        ascend_resolver = staticmethod(yamlfile._Loader.ascend_resolver)

    def shape(node: yaml.Node) -> object:
        if isinstance(node, yaml.MappingNode):
            value: object = [(shape(k), shape(v)) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            value = [shape(item) for item in node.value]
        else:
            value = node.value
        return node.tag, value, node.start_mark.line, node.start_mark.column

    text = "id: a\nowner: ~\nsteps:\n  - {id: s1, next: [s2]}\n  - id: s2\n    minutes: 10\nbase: &b {x: 1}\nuse: *b\n"
    pure, fast = Pure(text), yamlfile._Loader(text)
    try:
        assert shape(pure.get_single_node()) == shape(fast.get_single_node())
    finally:
        pure.dispose()
        fast.dispose()


def _compiled_patterns(root: Path, procedure: str) -> list[str]:
    """The lazy patterns a `tebiki check` of `procedure` compiled, by module and name (a fresh process)."""
    (root / "procedures" / "accounting" / "close.yaml").write_text(procedure, encoding="utf-8")
    script = ("import io, contextlib, sys\n"
              "from tebiki.cli import main\n"
              "from tebiki.lazy_patterns import LazyPattern\n"
              "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
              "    main(['check', '--format', 'text', '--lang', 'en', '--today', '2026-11-24'])\n"
              "print(out.getvalue().splitlines()[0])\n"
              "print(' '.join(sorted(f'{m}.{n}' for m, module in list(sys.modules.items()) if m.startswith('tebiki')\n"
              "                      for n, v in vars(module).items() if isinstance(v, LazyPattern) and v._compiled)))\n")
    ran = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    first, compiled = ran.stdout.split("\n")[:2]
    return [first, *compiled.split()]


def test_patterns_that_explain_mistakes_are_compiled_only_when_one_is_met(
        tebiki_handbook: Callable[..., Path]) -> None:
    described = CLEAN_PROCEDURE.replace("    actor: 経理担当\n", "    actor: 経理担当\n    description: |\n      1行目\n\n      - 2行目\n", 1)
    root = tebiki_handbook({"accounting/close.yaml": described})
    assert _compiled_patterns(root, described)[1:] == []  # a description of several lines too
    with_unit = CLEAN_PROCEDURE.replace("    actor: 経理担当\n", "    actor: 経理担当\n    minutes: 30分\n", 1)
    first, *compiled = _compiled_patterns(root, with_unit)
    assert first.endswith('"30分" has a unit; write 30')  # the message still says what to write
    assert compiled == ["tebiki.values._COLON", "tebiki.values._COMMA", "tebiki.values._MINUTES_UNIT",
                        "tebiki.values._NEGATIVE"]  # the readings tried before the unit, and the unit's


def test_ids_and_whole_numbers_read_at_once_are_read_as_one_value_at_a_time() -> None:
    """A step's `id` and `minutes` are read inside the step's loop when plain: same value, same
    findings as reading the one value (every text of up to three characters from digits, spaces,
    full-width spaces, a line break, a sign, a point and a unit)."""
    from itertools import product

    from tebiki import values
    from tebiki.schemas import load_schema

    step_plan = values._plan("procedure", load_schema("procedure")).properties["steps"][0].items
    assert step_plan is not None
    texts = ["".join(chars) for n in range(4) for chars in product("0 7\u3000\n-.分a", repeat=n)]
    for name in ("id", "minutes"):
        plan = step_plan.properties[name][0]
        assert plan.kind == ("id" if name == "id" else "number")
        for text in texts:
            alone = values.Reading()
            expected = values._read(text, plan, (name,), alone)
            step = {name: text}
            together = values.Reading()
            values._read(step, step_plan, (), together)
            assert (type(step[name]), step[name], together.findings) == (type(expected), expected, alone.findings), text
