"""tebiki without MkDocs: the CLI runs when neither `mkdocs` nor `properdocs` can be
imported (ProperDocs-only and Zensical-only installs), only the plugin adapter
modules import an engine, and the engine-free options reader gives the same
verdicts as the plugin's MkDocs config class."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugins" / "tebiki"
ENGINES = ("mkdocs", "properdocs", "material", "zensical")
# The plugin adapter: what only a site engine loads (plugin entry point and its helpers).
ADAPTER = {"plugin.py", "config.py", "sitegen.py", "sitedefaults.py"}

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
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONUTF8="1", TEBIKI_TODAY="2026-11-01")
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
                            env=dict(os.environ, PYTHONUTF8="1", TEBIKI_TODAY="2026-11-01"), timeout=300)
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
    """The engine modules `path` imports (at any depth of the file)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        found += [n for n in names if n.split(".")[0] in ENGINES]
    return found


def test_only_the_plugin_adapter_imports_an_engine() -> None:
    offenders = {str(p.relative_to(PACKAGE)): engine_imports(p) for p in PACKAGE.rglob("*.py")
                 if p.relative_to(PACKAGE).as_posix() not in ADAPTER and engine_imports(p)}
    assert not offenders, f"import mkdocs/properdocs only in {sorted(ADAPTER)}: {offenders}"
    assert engine_imports(PACKAGE / "plugin.py"), "the scan must see the adapter's own imports"


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
    from tebiki.config import TebikiConfig
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
    from tebiki.config import TebikiConfig
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
    env = dict(os.environ, PYTHONUTF8="1", TEBIKI_TODAY="2026-11-01")
    there = subprocess.run([str(PROPERDOCS_VENV / "tebiki"), "check", "--format", "json"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    here = subprocess.run([sys.executable, "-m", "tebiki", "check", "--format", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert there.returncode == here.returncode == 0, there.stderr
    assert there.stdout == here.stdout
