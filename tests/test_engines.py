"""tebiki without MkDocs: the CLI runs when neither `mkdocs` nor `properdocs` can be
imported (ProperDocs-only and Zensical-only installs), only the modules under
`tebiki/adapters/mkdocs/` import an engine (the Markdown and Zensical adapters beside
it do not), and the engine-free options reader gives the same verdicts as the
plugin's MkDocs config class."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from constants import REPO, SITE_DAY

ROOT = REPO
PACKAGE = ROOT / "plugins" / "tebiki"
ENGINES = ("mkdocs", "properdocs", "material", "zensical")
# The MkDocs/ProperDocs adapter: the only package a site engine loads and the only one that imports it.
ENGINE_ADAPTER = PACKAGE / "adapters" / "mkdocs"

BLOCKER = """\
import importlib.abc, sys

class _NoEngine(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in {"mkdocs", "properdocs", "material"}:
            raise ModuleNotFoundError(f"No module named {fullname!r} (blocked by the test)", name=fullname)
        return None

sys.meta_path.insert(0, _NoEngine())
"""


def run_without_engine(tmp_path: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`tebiki ARGS` in a Python where importing mkdocs, properdocs or material fails."""
    site = tmp_path / "no-engine"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONUTF8="1", TEBIKI_TODAY=SITE_DAY.isoformat())
    code = "import sys; from tebiki.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_blocker_blocks(tmp_path: Path) -> None:
    site = tmp_path / "no-engine"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(site))
    for module in ("mkdocs", "mkdocs.config", "properdocs", "material"):
        run = subprocess.run([sys.executable, "-c", f"import {module}"], env=env, capture_output=True, text=True)
        assert run.returncode == 1 and "blocked by the test" in run.stderr, (module, run.stderr)


@pytest.mark.parametrize("args", [
    ("check",),
    ("check", "--format", "json"),
    ("workload",),
    ("whatif", "ito"),
    ("skills",),
])
def test_every_command_runs_without_mkdocs(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Same output and exit code as with MkDocs installed (the sample has warnings only)."""
    blocked = run_without_engine(tmp_path, *args)
    assert "Traceback" not in blocked.stderr and "mkdocs" not in blocked.stderr.lower(), blocked.stderr
    normal = subprocess.run([sys.executable, "-m", "tebiki", *args], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONUTF8="1", TEBIKI_TODAY=SITE_DAY.isoformat()), timeout=300)
    assert blocked.returncode == normal.returncode == 0, (blocked.stderr, normal.stderr)
    assert blocked.stdout == normal.stdout and blocked.stdout.strip()


def test_render_for_zensical_and_init_run_without_mkdocs(tmp_path: Path) -> None:
    out = tmp_path / "zensical"
    run = run_without_engine(tmp_path, "render", "--engine", "zensical", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert (out / "docs" / "procedures" / "acc-monthly-close.md").is_file()
    new = tmp_path / "new"
    run = run_without_engine(tmp_path, "init", str(new), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    run = run_without_engine(tmp_path, "check", "--config", str(new / "mkdocs.yml"))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr


def test_a_bad_option_is_reported_without_mkdocs(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nplugins:\n  - tebiki:\n      working_days: 400\n      edti_uri: x\n",
                      encoding="utf-8")
    run = run_without_engine(tmp_path, "check", "--config", str(config))
    assert run.returncode == 2 and "working_days" in run.stderr and "Traceback" not in run.stderr, run.stderr


def engine_imports(path: Path) -> list[str]:
    """The engine modules `path` imports, at any depth of the file (inside functions,
    `try` blocks, `if TYPE_CHECKING`), by `import`, `from ... import`,
    `importlib.import_module("...")` or `__import__("...")`; and any import of the
    MkDocs adapter (`adapters.mkdocs`), which would bring the engine in with it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [module] if not node.level else [f"{'.' * node.level}{module}"]
            if node.level:
                names += [f"{'.' * node.level}{module + '.' if module else ''}{a.name}" for a in node.names]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id in ("__import__", "import_module")))):
            names = [node.args[0].value]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in ENGINES or "adapters.mkdocs" in n]
    return found


def outside_the_adapters() -> list[Path]:
    """Every module but the MkDocs adapter's: the core, render/, diagrams/, the CLI and
    the engine-free adapters (Markdown files, Zensical project)."""
    return [p for p in sorted(PACKAGE.rglob("*.py")) if ENGINE_ADAPTER not in p.parents]


def test_no_module_outside_the_adapters_imports_an_engine() -> None:
    offenders = {str(p.relative_to(PACKAGE)): engine_imports(p) for p in outside_the_adapters() if engine_imports(p)}
    assert not offenders, f"import mkdocs/properdocs only under {ENGINE_ADAPTER.relative_to(ROOT)}: {offenders}"
    names = {p.relative_to(PACKAGE).as_posix() for p in outside_the_adapters()}
    assert {"cli.py", "adapters/markdown.py", "adapters/zensical.py", "adapters/pages.py"} <= names


@pytest.mark.parametrize("source, caught", [
    ("import mkdocs\n", True),
    ("from mkdocs.config import base\n", True),
    ("def f():\n    from properdocs.plugins import BasePlugin\n", True),
    ("try:\n    import material.plugins\nexcept ImportError:\n    pass\n", True),
    ("import importlib\nimportlib.import_module('mkdocs.structure.files')\n", True),
    ("__import__('properdocs')\n", True),
    ("from .adapters.mkdocs import build\n", True),
    ("from .adapters import mkdocs\n", True),
    ("from tebiki.adapters.mkdocs.plugin import TebikiPlugin\n", True),
    ("import markdown\nfrom .render import pages\nfrom . import mkdocs_words\n", False),
    ("from .adapters.markdown import render_markdown\nfrom .. import adapters\n", False),
])
def test_the_scan_sees_every_way_of_importing_an_engine(tmp_path: Path, source: str, caught: bool) -> None:
    """The scan itself can fail: each of these hides an engine import somewhere else."""
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    assert bool(engine_imports(module)) is caught, engine_imports(module)


def test_the_adapters_are_where_the_engine_is_imported() -> None:
    assert engine_imports(ENGINE_ADAPTER / "plugin.py"), "the scan must see the adapter's own imports"
    assert outside_the_adapters() and all(ENGINE_ADAPTER not in p.parents for p in outside_the_adapters())


def test_every_module_outside_the_adapters_imports_without_an_engine(tmp_path: Path) -> None:
    """Importing each core module in a Python where mkdocs, properdocs and material
    cannot be imported: catches an engine reached through another package too."""
    modules = [".".join(("tebiki", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
               for p in outside_the_adapters() if p.name != "__main__.py"]
    site = tmp_path / "no-engine"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\nprint(len(sys.argv) - 1)"
    run = subprocess.run([sys.executable, "-c", code, *modules], env=dict(os.environ, PYTHONPATH=str(site)),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == str(len(modules)) and len(modules) > 50
    blocked = subprocess.run([sys.executable, "-c", code, "tebiki.adapters.mkdocs.plugin"],
                             env=dict(os.environ, PYTHONPATH=str(site)), capture_output=True, text=True, timeout=300)
    assert blocked.returncode == 1 and "blocked by the test" in blocked.stderr, "the adapter must need the engine"


# ----------------------------------------------------------------- options: one set of rules

CASES = [
    {},
    {"procedures": "data", "language": "en", "policy": {"single-owner": "error"}, "today": "2026-04-01"},
    {"today": date(2026, 4, 1), "working_days": 240, "workload": False, "offline": False},
    {"language": "fr"},
    {"policy": {"single-owner": "fatal"}},
    {"policy": ["single-owner"]},
    {"working_days": 0},
    {"working_days": "245"},
    {"working_days": True},
    {"today": "2026-13-01"},
    {"review_interval_months": "12"},
    {"enabled": "yes"},
    {"scenarios": {"a": {"people": "ito"}}},
    {"scenarios": {"総務": {"people": ["ito"], "on": "2027-03-31"}}},
    {"edit_uri": "edit/main/"},
    {"unknown_option": 1},
    {"procedures": None, "language": None},
]


@pytest.mark.parametrize("raw", CASES, ids=[str(i) for i in range(len(CASES))])
def test_options_reader_agrees_with_the_plugin_config(raw: dict) -> None:
    from tebiki.adapters.mkdocs.config import TebikiConfig
    from tebiki.options import Options, read_options

    config = TebikiConfig(config_file_path="mkdocs.yml")
    config.load_dict(dict(raw))
    mk_errors, mk_warnings = config.validate()
    options, errors, warnings = read_options(dict(raw))
    assert [k for k, _ in errors] == [k for k, _ in mk_errors]
    assert [k for k, _ in warnings] == [k for k, _ in mk_warnings]
    assert [str(e) for _, e in errors] == [str(e) for _, e in mk_errors]
    if not errors:
        for name in Options.__dataclass_fields__:
            assert getattr(options, name) == config[name], name


def test_options_reader_knows_every_plugin_option() -> None:
    from tebiki.adapters.mkdocs.config import TebikiConfig
    from tebiki.options import Options

    declared = {name for name, _ in TebikiConfig._schema} - {"edit_uri"}
    assert declared == set(Options.__dataclass_fields__)


PROPERDOCS_VENV = ROOT / ".venv-engines" / "properdocs" / "bin"


def test_tebiki_in_the_properdocs_venv_has_no_mkdocs_and_checks_the_sample() -> None:
    """The venv `make engines` makes: ProperDocs, Material and tebiki, MkDocs removed."""
    if not (PROPERDOCS_VENV / "tebiki").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true: .venv-engines/properdocs is missing; run make engines")
        pytest.skip("make engines installs .venv-engines/properdocs")
    no_mkdocs = subprocess.run([str(PROPERDOCS_VENV / "python"), "-c", "import mkdocs"], capture_output=True, text=True)
    assert no_mkdocs.returncode == 1 and "No module named 'mkdocs'" in no_mkdocs.stderr
    env = dict(os.environ, PYTHONUTF8="1", TEBIKI_TODAY=SITE_DAY.isoformat())
    there = subprocess.run([str(PROPERDOCS_VENV / "tebiki"), "check", "--format", "json"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    here = subprocess.run([sys.executable, "-m", "tebiki", "check", "--format", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert there.returncode == here.returncode == 0, there.stderr
    assert there.stdout == here.stdout


def test_properdocs_finds_the_plugin_in_the_adapter_package() -> None:
    """`plugins: - tebiki` in ProperDocs: its own entry-point group names the adapter's
    plugin class, and ProperDocs loads it without the `mkdocs` package (its CLI
    first imports `properdocs.replacement`, which serves `mkdocs.*` from `properdocs.*`)."""
    if not (PROPERDOCS_VENV / "properdocs").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true: .venv-engines/properdocs is missing; run make engines")
        pytest.skip("make engines installs .venv-engines/properdocs")
    code = ("import properdocs.replacement; from properdocs.plugins import get_plugins; "
            "cls = get_plugins()['tebiki'].load(); print(cls.__module__, cls.__name__)")
    run = subprocess.run([str(PROPERDOCS_VENV / "python"), "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "tebiki.adapters.mkdocs.plugin TebikiPlugin"
