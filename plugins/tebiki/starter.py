"""`tebiki init`: the files of a new handbook that builds and passes `tebiki check` at once.

`starter_files(lang, today, install)` gives {relative path: text}: the smallest
`mkdocs.yml`, `docs/index.md`, `procedures/_org.yaml` (one department, two people),
one example procedure with a labelled branch, `.gitignore` for the cache and the
built site, a GitHub Actions workflow that runs the check, and the JSON Schemas
under `schema/` that the files' editor modelines point to (spec: "Other commands").
`write_new(root, files)` writes them, never replacing a file that exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from .schemas import SCHEMA_FILES, schema_dir

ORG = "procedures/_org.yaml"
EXAMPLE = "procedures/general-affairs/purchase.yaml"

_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "site_name": "業務手引き",
        "mkdocs_head": "# 業務手引き: procedures/ の YAML ファイルから tebiki が作るサイトです。\n",
        "mkdocs_edit": (
            "# 各ページの編集ボタンで YAML ファイルを開くには、手引きの git リポジトリを書きます:\n"
            "# repo_url: https://git.example.co.jp/soumu/handbook\n"
            "# edit_uri: edit/main/docs/\n"),
        "index": (
            "---\ntitle: ホーム\n---\n\n# {site_name}\n\n"
            "この手引きは `procedures/` フォルダの YAML ファイルから作られています。\n\n"
            "- [手引きの概要](handbook.md): 部門ごとの手順と、担当者・副担当の状況\n"
            "- 手順を直すには、`procedures/` の YAML ファイルを編集して `tebiki check` で確かめます。\n"
            "  `mkdocs.yml` に `repo_url` を書くと、各ページの編集ボタンからも開けます。\n"),
        "org_head": "# 部門と担当者。手順の department・owner・backup_owners には、ここの id を書きます。\n",
        "department": "総務",
        "people": (("sato", "佐藤 花子"), ("suzuki", "鈴木 一郎")),
        "example_head": "# 手順の例です。写して自分の手順を書いてください(1ファイルに1手順)。\n",
        "title": "備品購入",
        "summary": "事務用品や備品を申請にもとづいて購入し、届いた品を申請者へ渡す。",
        "trigger": "購入申請が届いたとき",
        "systems": "[購買システム]",
        "tags": "[備品, 購買]",
        "steps": (
            ("request", "購入申請を受け付ける", "申請者", "system", 5, "購買システムで申請内容(品名・数量・予算)を確かめる。"),
            ("approve", "申請を承認する", "総務担当", "manual", 10, None),
            ("order", "発注する", "総務担当", "system", 15, None),
            ("hand-over", "届いた品を申請者へ渡す", "総務担当", "manual", 10, None),
        ),
        "branch": ("承認", "差戻し"),
        "gitignore": "# tebiki の図のキャッシュと、作ったサイト\n",
        "workflow_install_step": "tebiki を入れる",
        "workflow_install_missing": (
            "tebiki の入れ方が決まっていません。.github/workflows/handbook.yml のこのステップを、"
            "tebiki を入れる行に書き換えてください。例: pip install \"tebiki @ git+https://社内のgitサーバー/tebiki.git@コミット\" "
            "または pip install ./tebiki(フォルダのパス)。PyPI の同じ名前のパッケージは別物なので使わないでください"),
        "workflow_check": "# 問題を1件ずつ注釈として表示し、エラーがあれば失敗します",
        "workflow_build": "# tebiki check が失敗するときにだけ失敗します",
        "workflow_pinned": "# tebiki init を実行した tebiki と同じもの(git の URL とコミット)を入れます",
    },
    "en": {
        "site_name": "Handbook",
        "mkdocs_head": "# Handbook: a site tebiki builds from the YAML files in procedures/.\n",
        "mkdocs_edit": (
            "# For an edit button that opens each page's YAML file, give the handbook's git repository:\n"
            "# repo_url: https://git.example.com/office/handbook\n"
            "# edit_uri: edit/main/docs/\n"),
        "index": (
            "---\ntitle: Home\n---\n\n# {site_name}\n\n"
            "This handbook is built from the YAML files in the `procedures/` folder.\n\n"
            "- [Handbook overview](handbook.md): the procedures of each department, with their owners and backups\n"
            "- To change a procedure, edit its YAML file in `procedures/` and run `tebiki check`.\n"
            "  With `repo_url` in `mkdocs.yml`, each page's edit button opens it too.\n"),
        "org_head": "# Departments and people. A procedure's department, owner and backup_owners are ids from here.\n",
        "department": "General Affairs",
        "people": (("sato", "Hanako Sato"), ("suzuki", "Ichiro Suzuki")),
        "example_head": "# An example procedure: copy it to write your own (one procedure per file).\n",
        "title": "Purchasing supplies",
        "summary": "Buy office supplies on request and hand them to the requester when they arrive.",
        "trigger": "A purchase request arrives",
        "systems": "[Purchasing system]",
        "tags": "[supplies, purchasing]",
        "steps": (
            ("request", "Receive the purchase request", "Requester", "system", 5,
             "Check the request (item, quantity, budget) in the purchasing system."),
            ("approve", "Approve the request", "General affairs", "manual", 10, None),
            ("order", "Place the order", "General affairs", "system", 15, None),
            ("hand-over", "Hand the item to the requester", "General affairs", "manual", 10, None),
        ),
        "branch": ("approved", "sent back"),
        "gitignore": "# tebiki's diagram cache and the built site\n",
        "workflow_install_step": "install tebiki",
        "workflow_install_missing": (
            "where to install tebiki from is not set: replace this step of .github/workflows/handbook.yml with the "
            "line that installs it, e.g. pip install \"tebiki @ git+https://your-git-server/tebiki.git@COMMIT\" "
            "or pip install ./tebiki (a folder path). The PyPI package of the same name is not tebiki: do not use it"),
        "workflow_check": "# each problem as an annotation; fails on errors",
        "workflow_build": "# fails exactly when the check does",
        "workflow_pinned": "# the same tebiki that ran tebiki init (its git URL and commit)",
    },
}


def install_requirement() -> str | None:
    """How pip can install this tebiki elsewhere (CI): its git URL and commit when it
    was installed from one (PEP 610 direct_url.json); None otherwise."""
    try:
        text = metadata.distribution("tebiki").read_text("direct_url.json")
        info = json.loads(text or "{}")
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None
    vcs = info.get("vcs_info") or {}
    url = str(info.get("url") or "")
    if vcs.get("vcs") == "git" and url and not url.startswith("file:"):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"tebiki @ git+{url}" + (f"@{commit}" if commit else "")
    return None


def starter_files(lang: str, today: date, install: str | None = None) -> dict[str, str]:
    """The new handbook's files, {path relative to its folder: text}, in `lang` (ja or en)."""
    t = _TEXT["ja" if lang == "ja" else "en"]
    language = "ja" if lang == "ja" else "en"
    files = {
        "mkdocs.yml": (
            f"{t['mkdocs_head']}site_name: {t['site_name']}\n"
            f"theme:\n  name: material\n  language: {language}\n"
            f"plugins:\n  - search\n  - tebiki\n{t['mkdocs_edit']}"),
        "docs/index.md": t["index"].format(site_name=t["site_name"]),
        ORG: _org(t),
        EXAMPLE: _example(t, today),
        ".gitignore": f"{t['gitignore']}.cache/\nsite/\n",
        ".github/workflows/handbook.yml": _workflow(t, install),
    }
    for name in SCHEMA_FILES.values():
        files[f"schema/{name}"] = (schema_dir() / name).read_text(encoding="utf-8")
    return files


def _org(t: dict) -> str:
    people = "".join(
        f"  - id: {pid}\n    name: {name}\n    department: general-affairs\n" for pid, name in t["people"])
    return (f"# yaml-language-server: $schema=../schema/org.schema.json\n{t['org_head']}"
            f"departments:\n  - id: general-affairs\n    name: {t['department']}\n"
            f"people:\n{people}")


def _example(t: dict, today: date) -> str:
    yes, back = t["branch"]
    steps = []
    for sid, title, actor, mode, minutes, description in t["steps"]:
        step = f"  - id: {sid}\n    title: {title}\n    actor: {actor}\n    mode: {mode}\n    minutes: {minutes}\n"
        if description:
            step += f"    description: |\n      {description}\n"
        if sid == "approve":
            step += f"    next:\n      - {{to: order, when: {yes}}}\n      - {{to: request, when: {back}}}\n"
        steps.append(step)
    return (
        f"# yaml-language-server: $schema=../../schema/procedure.schema.json\n{t['example_head']}"
        f"id: ga-purchase\ntitle: {t['title']}\ndepartment: general-affairs\n"
        f"summary: {t['summary']}\nowner: sato\nbackup_owners: [suzuki]\nfrequency: on-demand\n"
        f"trigger: {t['trigger']}\nreviewed: {today.isoformat()}\nsystems: {t['systems']}\ntags: {t['tags']}\n"
        f"steps:\n{''.join(steps)}")


def _workflow(t: dict, install: str | None) -> str:
    """The CI workflow. Without a known install source (a git URL and commit) its install
    step fails, saying what line to write: `pip install tebiki` would fetch whatever
    package of that name PyPI holds, which is not this tool."""
    if install:
        setup = f"      {t['workflow_pinned']}\n      - run: pip install \"{install}\"\n"
    else:
        message = t["workflow_install_missing"].replace("'", "’")
        setup = (f"      - name: {t['workflow_install_step']}\n"
                 f"        run: |\n"
                 f"          echo '::error::{message}'\n"
                 f"          exit 1\n")
    return (
        "name: handbook\n"
        "on: [push, pull_request]\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        f"{setup}"
        f"      - run: tebiki check --format github   {t['workflow_check']}\n"
        f"      - run: mkdocs build --strict          {t['workflow_build']}\n"
    )


@dataclass
class Written:
    """What `write_new` did: files written and files left as they were (paths as given)."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def write_new(root: Path, files: dict[str, str]) -> Written:
    """Write each file under `root` unless it exists (never replaces one). The example
    procedure is written only with the `_org.yaml` it refers to. Raises OSError."""
    done = Written()
    for rel, text in files.items():
        if rel == EXAMPLE and ORG in done.kept:
            done.kept.append(rel)
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            done.kept.append(rel)
            continue
        done.written.append(rel)
    return done
