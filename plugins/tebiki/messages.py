"""The one message catalog, Japanese and English: every problem names the field,
what was expected, what was found, and what to do.

Keys are a problem code, or `code/variant` where the problem's `kind` or
`reason` parameter picks a more precise wording.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .problems import Problem

LANGUAGES = ("ja", "en")

CATALOG: dict[str, dict[str, str]] = {
    # --- reading files -------------------------------------------------------------
    "encoding/not-utf8": {
        "en": "the file is not UTF-8 (byte {byte} cannot be read){guess_en}; save it as UTF-8 and commit again",
        "ja": "ファイルが UTF-8 ではありません(バイト {byte} を読めません){guess_ja}。UTF-8 で保存し直してコミットしてください",
    },
    "encoding/unreadable": {
        "en": "the file cannot be read ({error}); check its permissions",
        "ja": "ファイルを読めません({error})。権限を確認してください",
    },
    "yaml-syntax/syntax": {
        "en": "not valid YAML: {detail}; check indentation, colons and quotes on this line or the one above",
        "ja": "YAML として読めません: {detail}。この行か直前の行のインデント・コロン・引用符を確認してください",
    },
    "yaml-syntax/multi-document": {
        "en": "the file holds more than one YAML document (a second \"---\"); keep one procedure per file",
        "ja": "1つのファイルに複数の YAML 文書(2つ目の「---」)があります。1ファイルに1手順にしてください",
    },
    "yaml-syntax/tab": {
        "en": "a tab is used for indentation; YAML allows only spaces, replace the tab with spaces",
        "ja": "インデントにタブが使われています。YAML ではスペースのみ使えます。タブをスペースに置き換えてください",
    },
    "yaml-syntax/bad-character": {
        "en": "the file contains a control character ({detail}) YAML does not allow; delete it",
        "ja": "YAML で使えない制御文字({detail})が含まれています。削除してください",
    },
    "yaml-syntax/too-large": {
        "en": "the file is {size} bytes, over the limit of {limit}; a procedure file should be a few kilobytes, split it",
        "ja": "ファイルが {size} バイトあり、上限 {limit} バイトを超えています。手順ファイルは数 KB が目安です。分割してください",
    },
    "yaml-syntax/too-deep": {
        "en": "values are nested more than {limit} levels deep; a procedure needs only a few levels, flatten it",
        "ja": "値の入れ子が {limit} 段を超えています。手順に必要な入れ子は数段です。構造を見直してください",
    },
    "yaml-syntax/too-many-nodes": {
        "en": "anchors and aliases expand to more than {limit} values; write the values out instead of nesting aliases",
        "ja": "アンカーとエイリアスの展開後の値が {limit} 個を超えています。エイリアスの入れ子をやめ、値を直接書いてください",
    },
    "yaml-syntax/recursive-alias": {
        "en": "an alias refers to itself; replace it with the values it should hold",
        "ja": "エイリアスが自分自身を参照しています。参照ではなく値を書いてください",
    },
    "duplicate-key": {
        "en": "key \"{key}\" appears again (first on line {first_line}); YAML would keep only the last value, keep one",
        "ja": "キー「{key}」が重複しています(最初は {first_line} 行目)。YAML では後の値だけが残るため、一つにまとめてください",
    },
    # --- schema ------------------------------------------------------------------------
    "schema/missing-file": {
        "en": "the required file is missing; create it with the handbook's departments and people",
        "ja": "必須ファイルがありません。部署と人を定義したファイルを作成してください",
    },
    "schema/required": {
        "en": "{where}required field(s) missing: {missing}; add them",
        "ja": "{where}必須項目がありません: {missing}。追加してください",
    },
    "schema/additionalProperties": {
        "en": "unknown field \"{key}\"; expected one of: {allowed}. Fix the spelling or remove it",
        "ja": "未知の項目「{key}」です。使える項目: {allowed}。綴りを直すか削除してください",
    },
    "schema/type": {
        "en": "\"{field}\" should be {expected} but is {found}; change the value",
        "ja": "「{field}」は {expected} である必要がありますが、{found} になっています。値を直してください",
    },
    "schema/enum": {
        "en": "\"{field}\" must be one of {expected} but is {found}; pick one of those",
        "ja": "「{field}」は {expected} のいずれかである必要がありますが、{found} になっています。いずれかを選んでください",
    },
    "schema/pattern": {
        "en": "\"{field}\" must match {expected} (ids and dates: lowercase letters, digits and hyphens; dates as YYYY-MM-DD) but is {found}",
        "ja": "「{field}」は {expected} に合う必要があります(ID は小文字英数字とハイフン、日付は YYYY-MM-DD)が、{found} になっています",
    },
    "schema/minItems": {
        "en": "\"{field}\" needs at least {expected} item(s) but has {found}; add one",
        "ja": "「{field}」には {expected} 件以上が必要ですが、{found} になっています。追加してください",
    },
    "schema/minLength": {
        "en": "\"{field}\" must not be empty; write a value",
        "ja": "「{field}」が空です。値を書いてください",
    },
    "schema/minimum": {
        "en": "\"{field}\" must be at least {expected} but is {found}",
        "ja": "「{field}」は {expected} 以上である必要がありますが、{found} になっています",
    },
    "schema/date": {
        "en": "\"{field}\" is not a real date: {found}; write it as YYYY-MM-DD",
        "ja": "「{field}」は存在しない日付です: {found}。YYYY-MM-DD の形で書いてください",
    },
    "schema": {
        "en": "\"{field}\" is not valid: {detail}",
        "ja": "「{field}」が不正です: {detail}",
    },
    # --- cross-file rules --------------------------------------------------------------
    "duplicate-id": {
        "en": "id \"{id}\" is already used in {other}; give this one a unique id",
        "ja": "ID「{id}」は {other} で既に使われています。一意の ID に変えてください",
    },
    "unknown-department": {
        "en": "\"{field}\" expects a department id from _org.yaml but found \"{found}\"; add it to departments or fix the spelling",
        "ja": "「{field}」には _org.yaml の部署 ID が必要ですが「{found}」が指定されています。departments に追加するか綴りを直してください",
    },
    "unknown-person": {
        "en": "\"{field}\" expects a person id from _org.yaml but found \"{found}\"; add the person to people or fix the spelling",
        "ja": "「{field}」には _org.yaml の人 ID が必要ですが「{found}」が指定されています。people に追加するか綴りを直してください",
    },
    "unknown-step": {
        "en": "step \"{step}\": next goes to \"{found}\", which is not a step of this procedure (steps: {steps}); fix the id",
        "ja": "ステップ「{step}」: next の行き先「{found}」はこの手順のステップではありません(ステップ: {steps})。ID を直してください",
    },
    "unknown-step/improvement": {
        "en": "improvement \"{title}\" names step \"{found}\", which is not a step of this procedure (steps: {steps}); fix the id",
        "ja": "改善「{title}」の対象ステップ「{found}」はこの手順のステップではありません(ステップ: {steps})。ID を直してください",
    },
    "unknown-procedure": {
        "en": "\"related\" names \"{found}\" but no procedure file carries that id; fix the id or remove it",
        "ja": "related の「{found}」という ID の手順ファイルがありません。ID を直すか削除してください",
    },
    "no-owner/absent": {
        "en": "no owner: \"owner\" is missing or empty; name the person responsible (a person id from _org.yaml)",
        "ja": "担当者がいません: owner が未記入です。責任者の人 ID(_org.yaml)を指定してください",
    },
    "no-owner/unknown": {
        "en": "no owner: \"{owner}\" is not a person in _org.yaml; name an existing person as owner",
        "ja": "担当者がいません: 「{owner}」は _org.yaml にいません。実在する人を owner に指定してください",
    },
    "no-owner/left": {
        "en": "no owner: \"{owner}\" has left the company; hand the procedure over and name the new owner",
        "ja": "担当者がいません: 「{owner}」は退職済みです。引き継ぎを行い、新しい owner を指定してください",
    },
    "single-owner": {
        "en": "only \"{owner}\" can run this procedure; add an available person to backup_owners",
        "ja": "この手順を実行できるのは「{owner}」だけです(属人化)。backup_owners に対応可能な人を追加してください",
    },
    "owner-leaving/owner": {
        "en": "the owner {name} ({person}) is leaving{date_en}; hand over and name a new owner",
        "ja": "担当者 {name}({person})は退職予定です{date_ja}。引き継ぎを行い、新しい担当者を指定してください",
    },
    "owner-leaving/backup": {
        "en": "backup owner {name} ({person}) is leaving{date_en}; name another backup",
        "ja": "副担当 {name}({person})は退職予定です{date_ja}。別の副担当を指定してください",
    },
    "undocumented": {
        "en": "inventory entry \"{id}\" ({title}) has no procedure file; write one with id: {id}",
        "ja": "棚卸しの「{id}」({title})の手順ファイルがありません。id: {id} の手順を作成してください",
    },
    "review-overdue/never": {
        "en": "never reviewed: add \"reviewed: YYYY-MM-DD\" after checking the procedure is still right",
        "ja": "見直し記録がありません。内容を確認し「reviewed: YYYY-MM-DD」を追加してください",
    },
    "review-overdue": {
        "en": "review overdue since {due} (last reviewed {reviewed}); check the procedure and update \"reviewed\"",
        "ja": "見直し期限 {due} を過ぎています(前回 {reviewed})。内容を確認して reviewed を更新してください",
    },
    "improvement-overdue": {
        "en": "improvement \"{title}\" was due on {due} and is still {status_en}; finish it and set \"status: done\", or set a new \"due\"",
        "ja": "改善「{title}」は期限 {due} を過ぎていますが、まだ{status_ja}です。完了したら「status: done」にし、延期するなら新しい due を書いてください",
    },
    "minutes-missing": {
        "en": "step {number} ({step}) has no \"minutes\"; write how many minutes one run of the step takes (e.g. \"minutes: 30\") so its hours per year can be counted",
        "ja": "手順 {number} ({step}) に所要時間(minutes)がありません。1回あたりの分数を書いてください(例: 「minutes: 30」)。年間の業務量の計算に使います",
    },
    "volume-missing": {
        "en": "this procedure runs on demand but has no \"volume\", so its hours per year are unknown; write how often it runs, e.g. \"volume: {{count: 20, per: month}}\"",
        "ja": "随時(on-demand)の手順に件数(volume)がないため、年間の業務量を計算できません。「volume: {{count: 20, per: month}}」のように実施件数を書いてください",
    },
    "unreachable-step": {
        "en": "step \"{step}\" cannot be reached from the first step; point a \"next\" at it or remove it",
        "ja": "ステップ「{step}」には最初のステップから到達できません。どこかの next から参照するか削除してください",
    },
}

UI: dict[str, dict[str, str]] = {
    "summary": {
        "en": "procedures: {procedures} (covered {covered}, single owner {single_owner}, no owner {no_owner}), "
              "undocumented: {undocumented}; errors: {errors}, warnings: {warnings}",
        "ja": "手順 {procedures} 件: 複数担当 {covered}、単独担当 {single_owner}、担当者なし {no_owner}、"
              "未文書化 {undocumented}。エラー {errors} 件、警告 {warnings} 件",
    },
    "error": {"en": "error", "ja": "エラー"},
    "warning": {"en": "warning", "ja": "警告"},
}


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def _variant(problem: "Problem") -> str | None:
    params = problem.params
    if problem.code == "review-overdue" and not params.get("due"):
        return "never"
    if problem.code == "unknown-step" and "title" in params:
        return "improvement"
    if problem.code == "owner-leaving":
        return str(params.get("role", "owner"))
    return params.get("kind") or params.get("reason")  # type: ignore[return-value]


def problem_message(problem: "Problem", lang: str = "en") -> str:
    """The problem's message in `lang` (ja or en; anything else falls back to en)."""
    lang = lang if lang in LANGUAGES else "en"
    variant = _variant(problem)
    key = f"{problem.code}/{variant}" if variant and f"{problem.code}/{variant}" in CATALOG else problem.code
    params: dict[str, Any] = _Blank(problem.params)
    params.update(_derived(problem.params, lang))
    return CATALOG[key][lang].format_map(params)


def _derived(params: Any, lang: str) -> dict[str, str]:
    """Optional clauses that read differently per language."""
    out = {}
    guess = params.get("guess")
    out["guess_en"] = f"; it looks like {guess}" if guess else ""
    out["guess_ja"] = f"。{guess} で保存されているようです" if guess else ""
    day = params.get("date")
    out["date_en"] = f" on {day}" if day else ""
    out["date_ja"] = f"({day})" if day else ""
    status = params.get("status")
    if status:
        out["status_en"] = {"idea": "an idea", "planned": "planned", "doing": "in progress"}.get(status, status)
        out["status_ja"] = {"idea": "案の段階", "planned": "計画済みで未着手", "doing": "実施中"}.get(status, status)
    field = params.get("field")
    out["where"] = f"{field}: " if field else ""
    if "field" in params and not field:
        out["field"] = "the file" if lang == "en" else "ファイル全体"
    return out


def ui(key: str, lang: str, **params: Any) -> str:
    lang = lang if lang in LANGUAGES else "en"
    return UI[key][lang].format(**params)
