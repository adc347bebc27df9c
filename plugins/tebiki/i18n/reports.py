"""Headings and lines of the 業務量 reports (`tebiki workload`: text, CSV and xlsx,
and `--compare`). `{language: {key: text}}`."""

from __future__ import annotations


WORKLOAD_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "headline": "業務量: 年間 {hours} 時間(手順 {procedures} 件のうち {computed} 件で計算{partial})",
        "partial": "。うち {n} 件は所要時間が未記入のステップを除いた値",
        "unknown": "件数が分からず計算できない手順 {n} 件: {ids}(volume を書くと計算できます)",
        "shares": "紙 {paper}、手作業 {manual}、自動 {automated}",
        "undocumented": "未文書化の業務(棚卸し): 年間 {hours} 時間(見積もりあり {estimated} 件、見積もりなし {unestimated} 件)",
        "breakdown": "{title}(時間/年)",
        "department": "部門別", "actor": "役割別", "owner": "担当者別", "mode": "方法別", "procedure": "手順別",
        "no_owner": "(担当者なし)", "unknown_hours": "不明", "partial_mark": "(一部)",
    },
    "en": {
        "headline": "Workload: {hours} hours a year (computed for {computed} of {procedures} procedures{partial})",
        "partial": "; {n} of them leave out steps without minutes",
        "unknown": "{n} procedures without a known number of runs: {ids} (add a volume to count them)",
        "shares": "paper {paper}, manual {manual}, automated {automated}",
        "undocumented": "Undocumented work (inventory): {hours} hours a year ({estimated} estimated, {unestimated} without an estimate)",
        "breakdown": "{title} (hours a year)",
        "department": "By department", "actor": "By role", "owner": "By owner", "mode": "By mode",
        "procedure": "By procedure",
        "no_owner": "(no owner)", "unknown_hours": "unknown", "partial_mark": " (partial)",
    },
}


HEADERS: dict[str, dict[str, str]] = {
    "ja": {
        "department": "部門ID", "department_name": "部門", "actor": "役割", "owner": "担当者ID", "owner_name": "担当者",
        "mode": "方法", "mode_name": "方法名", "procedure": "手順ID", "title": "手順名", "frequency": "頻度",
        "runs_per_year": "年間回数", "minutes_per_run": "1回の所要時間(分)", "hours_per_year": "年間時間",
        "partial": "一部のみ", "step": "ステップID", "step_title": "ステップ", "improvements": "改善計画",
        "lever": "手段", "status": "状況", "due": "期限", "overdue": "期限切れ", "item": "項目", "value": "値",
        "manual": "手作業", "paper": "紙", "system": "システム", "automated": "自動", "outsourced": "外部委託",
    },
    "en": {
        "department": "department id", "department_name": "department", "actor": "role", "owner": "owner id",
        "owner_name": "owner", "mode": "mode", "mode_name": "mode name", "procedure": "procedure id",
        "title": "procedure", "frequency": "frequency", "runs_per_year": "runs per year",
        "minutes_per_run": "minutes per run", "hours_per_year": "hours per year", "partial": "partial",
        "step": "step id", "step_title": "step", "improvements": "improvements", "lever": "lever",
        "status": "status", "due": "due", "overdue": "overdue", "item": "item", "value": "value",
        "manual": "manual", "paper": "paper", "system": "system", "automated": "automated", "outsourced": "outsourced",
    },
}


SUMMARY_ITEMS = {
    "ja": {"hours_per_year": "年間時間(合計)", "procedures": "手順数", "computed": "計算できた手順数",
           "partial": "うち一部のみの手順数", "paper_share": "紙の割合", "manual_share": "手作業の割合",
           "automated_share": "自動の割合", "undocumented": "未文書化業務の年間時間(見積もり)",
           "working_days": "年間稼働日数"},
    "en": {"hours_per_year": "hours per year (total)", "procedures": "procedures", "computed": "computed",
           "partial": "of which partial", "paper_share": "paper share", "manual_share": "manual share",
           "automated_share": "automated share", "undocumented": "undocumented hours per year (estimates)",
           "working_days": "working days"},
}


SHEETS = {
    "ja": {"summary": "概要", "department": "部門別", "actor": "役割別", "owner": "担当者別", "mode": "方法別",
           "procedure": "手順別", "candidates": "改善候補", "improvements": "改善計画"},
    "en": {"summary": "summary", "department": "by department", "actor": "by role", "owner": "by owner",
           "mode": "by mode", "procedure": "by procedure", "candidates": "candidates", "improvements": "improvements"},
}

# tebiki workload --compare (workload_compare.py)
COMPARE_TEXT = {
    "ja": {
        "head": "{revision} からの変化",
        "hours": "年間時間: {before} → {after} 時間({change})",
        "computed": "計算できた手順: {before} → {after} 件(件数や所要時間が増えると、作業が増えなくても年間時間は増えます)",
        "department": "  {name}: {before} → {after} 時間({change})",
        "departments": "部門別:",
        "share": "{label}の割合: {before} → {after}({change} ポイント)",
        "paper": "紙", "manual": "手作業", "automated": "自動",
        "done": "完了した改善 {n} 件:", "done_item": "  {title}({procedure})",
        "added": "追加された手順: {ids}", "removed": "削除された手順: {ids}", "none": "なし",
    },
    "en": {
        "head": "Changes since {revision}",
        "hours": "hours per year: {before} -> {after} ({change})",
        "computed": "procedures computed: {before} -> {after} (more volumes or minutes raise the hours without more work)",
        "department": "  {name}: {before} -> {after} ({change})",
        "departments": "by department:",
        "share": "{label} share: {before} -> {after} ({change} points)",
        "paper": "paper", "manual": "manual", "automated": "automated",
        "done": "improvements done: {n}", "done_item": "  {title} ({procedure})",
        "added": "procedures added: {ids}", "removed": "procedures removed: {ids}", "none": "none",
    },
}
