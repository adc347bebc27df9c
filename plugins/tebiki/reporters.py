"""How `tebiki check` prints its findings: text, json or GitHub workflow commands."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Callable, Mapping

from .messages import ui
from .model import Handbook
from .problems import Problem


def text_report(handbook: Handbook, lang: str) -> str:
    """`file:line:column: severity code message` per problem, then the summary."""
    lines = [
        f"{p.file}:{p.line}:{p.column or 1}: {p.severity.value} {p.code} {p.message(lang)}"
        for p in handbook.problems
    ]
    lines.append(ui("summary", lang, **asdict(handbook.summary)))
    return "\n".join(lines) + "\n"


def json_report(handbook: Handbook, lang: str, extra: Mapping[str, Any] | None = None) -> str:
    """One JSON object: `summary` and `problems`, exactly as the spec shows, then
    `extra` keys (the plugin option `scenarios` adds `scenarios`)."""
    document: dict[str, Any] = {
        "summary": asdict(handbook.summary),
        "problems": [
            {
                "severity": p.severity.value,
                "code": p.code,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "procedure": p.procedure,
                "message": p.message(lang),
            }
            for p in handbook.problems
        ],
    }
    document.update(extra or {})
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, lang: str) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, escaped per the workflow-command rules."""
    properties = f"file={_escape_property(problem.file)},line={problem.line}"
    if problem.column:
        properties += f",col={problem.column}"
    properties += f",title={_escape_property('tebiki ' + problem.code)}"
    return f"::{problem.severity.value} {properties}::{_escape_data(problem.message(lang))}"


def github_report(handbook: Handbook, lang: str) -> str:
    lines = [github_annotation(p, lang) for p in handbook.problems]
    lines.append(ui("summary", lang, **asdict(handbook.summary)))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Handbook, str], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
}
