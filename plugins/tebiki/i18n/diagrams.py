"""The words drawn on diagrams (legend, start and end, modes, coverage classes) and
the diagram errors shown in their place. Keys of modes and coverage classes are
the values written in YAML (`manual`, `covered`)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "ja": {
        "start": "開始",
        "end": "終了",
        "legend": "凡例",
        "unreachable": "到達不能",
        "actor": "役割",
        "mode": "方法",
        "minutes": "目安 {minutes}分",
        "steps": "ステップ {count}件",
        "procedures": "手順 {count}件",
        "related": "関連 {count}件",
        "departments": "部門 {count}件",
        "department_links": "部門をまたぐ関連 {count}件",
        "flow": "{title} の流れ",
        "manual": "手作業",
        "paper": "紙",
        "system": "システム",
        "automated": "自動",
        "outsourced": "外部委託",
        "covered": "複数担当",
        "single_owner": "単独担当",
        "no_owner": "担当者なし",
    },
    "en": {
        "start": "Start",
        "end": "End",
        "legend": "Legend",
        "unreachable": "unreachable",
        "actor": "Role",
        "mode": "Mode",
        "minutes": "about {minutes} min",
        "steps": "{count} steps",
        "procedures": "{count} procedures",
        "related": "{count} links",
        "departments": "{count} departments",
        "department_links": "{count} links between departments",
        "flow": "Flow of {title}",
        "manual": "manual",
        "paper": "paper",
        "system": "system",
        "automated": "automated",
        "outsourced": "outsourced",
        "covered": "covered",
        "single_owner": "single owner",
        "no_owner": "no owner",
    },
}

TOO_LARGE = {"ja": "図が大きすぎます", "en": "The diagram is too large to draw"}
