"""One word per concept: the glossary the catalog keeps to (issue 8).

Each concept has one Japanese word and the English word its English texts share, the catalog keys that show it
as a word on its own (`table:key`, tables as `catalog.tables` names them), and the
words it was once also called: none of those may appear in any text tebiki shows.
Where the spec names a word it is the spec's (業務量, 業務棚卸し, 星取表, 担える人 for
holders, 人 for `people`, 部門 for `departments`; rule 9's `手順 2 (approve)` for a
step in a problem message). Where the spec is silent, the word `tebiki check` already
printed wins (its messages are line-exact promises), and pages and diagrams follow.

Two keys may hold the same Japanese word only when they are listed under one
concept here (tests/test_catalog.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    ja: str
    en: str
    """The English word; `person|people` where English bends it irregularly."""
    keys: tuple[str, ...]
    retired: tuple[str, ...] = ()
    """Words once used for this concept, in some table or page; never again."""


def _c(ja: str, en: str, keys: str, retired: str = "") -> Concept:
    return Concept(ja, en, tuple(keys.split()), tuple(retired.split()))


CONCEPTS: dict[str, Concept] = {
    # ownership coverage (spec: Ownership coverage) and the people in it
    "covered": _c("複数担当", "covered", "pages:covered diagrams:covered", "カバー済み 担当者複数"),
    "single_owner": _c("単独担当", "single owner", "pages:single_owner pages:todo.single_owner diagrams:single_owner",
                       "担当者1名 担当者1人 担当者が1人"),
    "no_owner": _c("担当者なし", "no owner", "pages:no_owner pages:todo.no_owner diagrams:no_owner",
                   "担当者未定 担当者がいない"),
    "owner": _c("担当者", "owner", "pages:col.owner pages:proc.owner pages:pack.role.owner pages:review.role.owner "
                "reports.HEADERS:owner_name", "主担当"),
    "backup": _c("副担当", "backup", "pages:col.backups pages:proc.backups pages:pack.role.backup pages:review.role.backup"),
    "person": _c("人", "person|people", "pages:people.title pages:col.person pages:skills.col.person messages._LISTS:people"),
    "holders_lost": _c("担える人がいなくなる手順", "nobody",
                       "pages:departures.col.no_holder pages:scenarios.no_holder pages:person.if_left.no_holder", "担い手"),
    "leaving_people": _c("抜ける人", "leaving", "pages:departures.col.people pages:scenarios.people"),
    "coverage_drops": _c("カバレッジが下がる手順", "coverage drops", "pages:departures.col.dropped pages:scenarios.dropped"),
    "ownership_role": _c("立場", "role", "pages:pack.role pages:review.col.role"),
    "person_status": _c("在籍状況", "status", "pages:col.status pages:person.status"),
    "leaving": _c("退職予定", "leaving", "pages:status.leaving pages:note.leaving.nodate"),
    # the handbook's things
    "procedure": _c("手順", "procedure", "pages:procedures pages:col.procedure", "手続"),
    "procedure_count": _c("手順数", "procedures", "pages:procedures.count reports.SUMMARY_ITEMS:procedures"),
    "step": _c("ステップ", "step", "pages:col.steps pages:proc.steps pages:workload.step reports.HEADERS:step_title"),
    "department": _c("部門", "department", "pages:home.departments pages:departments.title pages:col.department "
                     "pages:proc.department pages:person.department reports.HEADERS:department_name "
                     "messages._LISTS:departments", "部署"),
    "role": _c("役割", "role", "pages:step.actor pages:workload.actor pages:person.roles diagrams:actor "
               "reports.HEADERS:actor"),
    "mode": _c("方法", "mode", "pages:step.mode diagrams:mode reports.HEADERS:mode", "方式"),
    "manual": _c("手作業", "manual", "pages:mode.manual diagrams:manual reports.HEADERS:manual reports.COMPARE_TEXT:manual"),
    "paper": _c("紙", "paper", "pages:mode.paper diagrams:paper reports.HEADERS:paper reports.COMPARE_TEXT:paper"),
    "system": _c("システム", "system", "pages:mode.system diagrams:system reports.HEADERS:system"),
    "automated": _c("自動", "automated",
                    "pages:mode.automated diagrams:automated reports.HEADERS:automated reports.COMPARE_TEXT:automated"),
    "outsourced": _c("外部委託", "outsourced", "pages:mode.outsourced diagrams:outsourced reports.HEADERS:outsourced"),
    "frequency": _c("頻度", "frequency", "pages:col.frequency pages:proc.frequency reports.HEADERS:frequency"),
    "end": _c("終了", "end", "pages:step.end diagrams:end"),
    "undocumented": _c("未文書化", "undocumented", "pages:undocumented pages:todo.undocumented"),
    "summary": _c("概要", "summary", "pages:home.at_a_glance pages:proc.summary reports.SHEETS:summary"),
    "map": _c("業務の関連図", "how procedures relate", "pages:home.map pages:dept.map"),
    "skills_matrix": _c("星取表", "skills matrix", "pages:skills.title pages:skills.link"),
    # reviews (the messages' 見直し; 前回 as review-overdue says it)
    "last_review": _c("前回の見直し", "last review", "pages:col.reviewed pages:proc.reviewed", "レビュー"),
    "review_overdue": _c("見直し期限切れ", "overdue", "pages:coverage.overdue pages:todo.overdue"),
    "overdue": _c("期限切れ", "overdue", "pages:proc.overdue reports.HEADERS:overdue"),
    "due": _c("期限", "due", "pages:workload.due reports.HEADERS:due"),
    # problems
    "problems": _c("問題", "problems", "pages:problems.title pages:home.handbook_problems"),
    "error": _c("エラー", "error", "check:error pages:severity.error"),
    "warning": _c("警告", "warning", "check:warning pages:severity.warning"),
    "none": _c("なし", "none", "pages:proc.none pages:person.none reports.COMPARE_TEXT:none"),
    "unknown": _c("不明", "unknown", "pages:coverage.unknown.value reports.WORKLOAD_TEXT:unknown_hours"),
    # 業務量 (spec: Workload)
    "hours_per_year": _c("年間時間", "hours", "pages:workload.hours reports.HEADERS:hours_per_year"),
    "hours_total": _c("年間時間(合計)", "hours",
                      "pages:workload.total reports.SUMMARY_ITEMS:hours_per_year"),
    "runs_per_year": _c("年間回数", "runs", "pages:workload.runs reports.HEADERS:runs_per_year"),
    "minutes_per_run": _c("1回の所要時間(分)", "minutes",
                          "pages:workload.minutes reports.HEADERS:minutes_per_run"),
    "paper_share": _c("紙の割合", "paper share", "pages:workload.paper_share reports.SUMMARY_ITEMS:paper_share"),
    "manual_share": _c("手作業の割合", "manual share", "pages:workload.manual_share reports.SUMMARY_ITEMS:manual_share"),
    "automated_share": _c("自動の割合", "automated share",
                          "pages:workload.automated_share reports.SUMMARY_ITEMS:automated_share"),
    "improvements": _c("改善計画", "improvements",
                       "pages:workload.improvements reports.HEADERS:improvements reports.SHEETS:improvements"),
    "by_department": _c("部門別", "by department",
                        "pages:coverage.by_department reports.WORKLOAD_TEXT:department reports.SHEETS:department"),
    "by_role": _c("役割別", "by role", "reports.WORKLOAD_TEXT:actor reports.SHEETS:actor"),
    "by_owner": _c("担当者別", "by owner", "reports.WORKLOAD_TEXT:owner reports.SHEETS:owner"),
    "by_mode": _c("方法別", "by mode", "reports.WORKLOAD_TEXT:mode reports.SHEETS:mode"),
    "by_procedure": _c("手順別", "by procedure", "reports.WORKLOAD_TEXT:procedure reports.SHEETS:procedure"),
    # what a value is, in problem messages (spec rule 9: no JSON Schema words)
    "text_value": _c("文字", "text", "messages._KINDS:text messages._TYPES:string"),
    "number_value": _c("数", "a number", "messages._KINDS:number messages._TYPES:number messages._TAGS:!!float"),
    "whole_number": _c("整数", "a whole number", "messages._TYPES:integer messages._TAGS:!!int"),
    "yes_no": _c("真偽値(true/false)", "true", "messages._KINDS:yes-no messages._TAGS:!!bool"),
    "blank_value": _c("空欄", "blank", "messages._KINDS:blank messages._TYPES:null messages._TAGS:!!null"),
    "fields_value": _c("「項目名: 値」の組", "\"name: value\" fields", "messages._KINDS:mapping messages._TYPES:object"),
    "permission": _c("権限がありません", "permission denied", "cli.OS_REASONS:13 cli.OS_REASONS:1"),
}

SPEC_WORDINGS: dict[str, str] = {
    "messages._LISTS:steps": "spec rule 9 names a step in a message `手順 2 (approve)`; pages say ステップ",
}
"""Keys whose word is another concept's because the spec words it so."""
