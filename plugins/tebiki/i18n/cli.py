"""The commands' own messages (beyond problem messages): argparse's fixed words in
Japanese, `whatif`, `workload`, `skills`, `inventory import`, git revisions for
`--compare`, and the operating system's reasons a file cannot be read or written.

Each table is `{language: {key: text}}`, `{key: {language: text}}` or, for
OS_REASONS, `{errno: (ja, en)}`; `catalog.py` reads them all in one shape.
"""

from __future__ import annotations

import errno

# argparse's own messages (Python 3.11-3.13 wording), read by clitext.speaking; any other stays English.
ARGPARSE_JA = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "show this help message and exit": "このヘルプを表示して終了する",
    "show program's version number and exit": "バージョンを表示して終了する",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "引数 %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "unrecognized arguments: %s": "知らない引数です: %s",
    "expected one argument": "値を1つ指定してください",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r は選べません(選べるもの: %(choices)s)",
    "invalid choice: %(value)r, choose from %(choices)s": "%(value)r は選べません(選べるもの: %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません",
    "ambiguous option: %(option)s could match %(matches)s": "オプション %(option)s は %(matches)s のどれか分かりません",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "知らないコマンド %(parser_name)r です(使えるもの: %(choices)s)",
}

# tebiki whatif (cli_whatif.py)
WHATIF = {
    "ja": {
        "usage": "人 ID を1人以上指定するか、--on YYYY-MM-DD で日付を指定してください",
        "unknown": "「{found}」は _org.yaml にいない人です{hint}。_org.yaml の people の id を指定してください",
        "hint": "(「{near}」のことですか?)",
        "left": "抜ける人: {people}",
        "left.none": "抜ける人: なし(この日までに退職予定の人はいません)",
        "on": "(基準日 {on}: この日までの退職予定者を含む)",
        "no_holder": "担える人がいなくなる手順: {n} 件",
        "department": "  {name}: {k} / {n} 手順",
        "dropped": "カバレッジが下がる手順: {n} 件",
        "hours": "担える人のいない業務量: 年 {hours} 時間(業務量のわかる {k} 手順の合計)",
        "none": "  なし",
    },
    "en": {
        "usage": "name at least one person id, or give a date with --on YYYY-MM-DD",
        "unknown": "\"{found}\" is not a person in _org.yaml{hint}; give a people id from _org.yaml",
        "hint": " (did you mean \"{near}\"?)",
        "left": "Leaving: {people}",
        "left.none": "Leaving: nobody (nobody's leaving_on is on or before that date)",
        "on": "(as of {on}: everyone leaving by then included)",
        "no_holder": "Procedures with nobody left who can run them: {n}",
        "department": "  {name}: {k} of {n} procedures",
        "dropped": "Procedures whose coverage drops: {n}",
        "hours": "Work left without a holder: {hours} hours a year (over the {k} procedures with a figure)",
        "none": "  none",
    },
}

# tebiki workload (cli_workload.py)
WORKLOAD = {
    "ja": {"xlsx-tty": "xlsx は端末に表示できません。--out ファイル名.xlsx を指定してください",
           "compare-format": "--compare で使える形式は text と json です",
           "git": "{revision} の手引きを読めません: {error}",
           "wrote": "tebiki: {path} に書き出しました"},
    "en": {"xlsx-tty": "xlsx cannot be shown on a terminal; pass --out FILE.xlsx",
           "compare-format": "--compare supports the text and json formats",
           "git": "cannot read the handbook at {revision}: {error}",
           "wrote": "tebiki: wrote {path}"},
}

# tebiki skills (cli_skills.py)
SKILLS = {
    "ja": {
        "department": "部門「{found}」は _org.yaml にありません。使える部門 ID: {known}",
        "terminal": "xlsx は端末に出力できません。--out ファイル名.xlsx を指定してください",
        "wrote": "tebiki: {path} に書き出しました",
    },
    "en": {
        "department": "department \"{found}\" is not in _org.yaml; known department ids: {known}",
        "terminal": "xlsx cannot be written to a terminal; give --out FILE.xlsx",
        "wrote": "tebiki: wrote {path}",
    },
}

# the comment atop a new _inventory.yaml (cli_inventory.py)
INVENTORY_HEADER = {
    "ja": "# 業務棚卸し: 手順書の有無を問わず、組織が行う業務の一覧です(tebiki inventory import で作成)。\n",
    "en": "# Business inventory: every procedure the organisation performs, documented or not "
          "(made by tebiki inventory import).\n",
}

# tebiki inventory import: the sheet's problems and what was written (inventory_import.py)
INVENTORY_IMPORT = {
    "ja": {
        "no-header": "{sheet}: 見出し行が見つかりません。1〜{n} 行目に「業務ID」「業務名」「部門」の列見出しを置いてください",
        "missing-column": "{sheet}!{row}: 見出しに「{name}」の列がありません。列を追加してください",
        "id-blank": "業務ID が空欄です。半角の英小文字・数字・ハイフンで ID を書いてください(例: acc-monthly-close)",
        "id-bad": "業務ID「{value}」は使えません。半角の英小文字・数字・ハイフンで書いてください{hint}",
        "id-repeat": "業務ID「{value}」は {first} 行目にもあります。1行にまとめるか ID を変えてください",
        "title-blank": "業務名が空欄です。業務の名前を書いてください",
        "department-blank": "部門が空欄です。_org.yaml の部門 ID を書いてください",
        "department-unknown": "部門「{value}」は _org.yaml にありません。部門 ID({known})を書いてください",
        "hours-bad": "年間時間「{value}」は数値ではありません。時間数だけを半角数字で書いてください{hint}",
        "hours-negative": "年間時間「{value}」がマイナスです。0 以上の時間数を書いてください",
        "shift-jis": "{file} を Shift_JIS の CSV として読みました",
        "written": "{file} を書きました: 追加 {added} 件、更新 {updated} 件、変更なし {same} 件",
        "nothing": "{file} は変更ありません(変更なし {same} 件)",
        "kept": "シートにない項目 {n} 件はそのまま残しました: {ids}。削除するには --prune を付けてください",
        "pruned": "シートにない項目 {n} 件を削除しました: {ids}",
        "problems": "シートに問題が {n} 件あるため、{file} は書き換えていません",
        "inventory-broken": "{file} に問題があるため取り込めません。tebiki check で場所を確認して直してください",
        "unreadable": "{file} を読めません: {error}",
        "format": "{file}: xlsx か csv のファイルを指定してください",
    },
    "en": {
        "no-header": "{sheet}: no header row found; put the headers id, title and department in rows 1-{n}",
        "missing-column": "{sheet}!{row}: the header has no \"{name}\" column; add it",
        "id-blank": "the id is blank; write an id of lowercase letters, digits and hyphens (e.g. acc-monthly-close)",
        "id-bad": "id \"{value}\" cannot be used; write lowercase letters, digits and hyphens{hint}",
        "id-repeat": "id \"{value}\" is also on row {first}; merge the rows or change the id",
        "title-blank": "the title is blank; write the name of the work",
        "department-blank": "the department is blank; write a department id from _org.yaml",
        "department-unknown": "department \"{value}\" is not in _org.yaml; write a department id ({known})",
        "hours-bad": "hours per year \"{value}\" is not a number; write the hours only, in plain digits{hint}",
        "hours-negative": "hours per year \"{value}\" is negative; write 0 or more",
        "shift-jis": "read {file} as a Shift_JIS CSV",
        "written": "wrote {file}: {added} added, {updated} updated, {same} unchanged",
        "nothing": "{file} is unchanged ({same} unchanged)",
        "kept": "{n} entries not in the sheet were kept: {ids}; pass --prune to remove them",
        "pruned": "removed {n} entries not in the sheet: {ids}",
        "problems": "the sheet has {n} problems, so {file} was not changed",
        "inventory-broken": "{file} has problems and cannot be merged into; run tebiki check to see where, and fix them",
        "unreadable": "cannot read {file}: {error}",
        "format": "{file}: give an xlsx or csv file",
    },
}

# why --compare cannot read a revision (gitrev.GitError.reason)
GIT_REASONS = {
    "no-git": {"ja": "git がインストールされていません(--compare に必要です)",
               "en": "git is not installed (needed for --compare)"},
    "not-repository": {"ja": "手引きのフォルダが git リポジトリの中にありません",
                       "en": "the handbook folder is not inside a git repository"},
    "git-failed": {"ja": "git の実行に失敗しました(git {command})",
                   "en": "git {command} failed: {detail}"},
    "not-revision": {"ja": "「{revision}」はリビジョンとして使えません",
                     "en": "not a revision: {revision!r}"},
    "not-commit": {"ja": "「{revision}」は {top} のリポジトリのコミット・タグ・ブランチにありません"
                         "(git log や git tag で名前を確認してください)",
                   "en": "{revision} is not a commit of the repository in {top} "
                         "(check the name with git log or git tag)"},
    "no-files": {"ja": "{revision} の時点で {folder}/ にファイルがありません",
                 "en": "{folder}/ holds no files at {revision}"},
}

# the usual reasons a file cannot be read or written, by errno (oswords.py)
OS_REASONS = {
    errno.EACCES: ("権限がありません", "permission denied"),
    errno.EPERM: ("権限がありません", "operation not permitted"),
    errno.ENOENT: ("ファイルかフォルダがありません", "no such file or folder"),
    errno.ENOTDIR: ("途中がフォルダではありません", "a part of the path is not a folder"),
    errno.EISDIR: ("フォルダです(ファイル名を指定してください)", "it is a folder (give a file name)"),
    errno.ENOSPC: ("ディスクの空きがありません", "no space left on the disk"),
    errno.EROFS: ("読み取り専用の場所です", "the place is read-only"),
    errno.EEXIST: ("同じ名前のものがあります", "something of that name is already there"),
    errno.ENAMETOOLONG: ("名前が長すぎます", "the name is too long"),
}
