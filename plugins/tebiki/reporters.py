"""How `tebiki check` prints its findings: text, json or GitHub workflow commands."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Callable, Mapping

from .display import unsafe_characters, display_safe, github_data, github_property
from .i18n.messages import problem_message, ui
from .model import Handbook
from .problems import Problem


def text_report(handbook: Handbook, lang: str) -> str:
    """`file:line:column: severity code message` per problem, then the summary.
    File names and messages are display-safe: one problem is always one line."""
    lines = [
        display_safe(f"{p.file}:{p.line}:{p.column or 1}: {p.severity.value} {p.code} {problem_message(p, lang)}")
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
                "message": problem_message(p, lang),
            }
            for p in handbook.problems
        ],
    }
    document.update(extra or {})
    return _json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _json_safe(text: str) -> str:
    """JSON whose values are unchanged but which holds no raw control, format or
    line-separator character inside a value: those appear as `\\uXXXX` escapes (JSON's
    own; a raw LF can only be the layout's, json.dumps escapes it in strings).
    Text whose lines are all printable holds none of them (see display_safe), and is
    returned as it is without building the pattern (0.1-0.2 s of a `tebiki check`)."""
    if text.replace("\n", "").isprintable():
        return text
    return unsafe_characters().sub(
        lambda m: m.group() if m.group() == "\n" else "".join(f"\\u{u:04x}" for u in _utf16(m.group())), text)


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def github_annotation(problem: Problem, lang: str) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, escaped per the workflow-command rules."""
    properties = f"file={github_property(problem.file)},line={problem.line}"
    if problem.column:
        properties += f",col={problem.column}"
    properties += f",title={github_property('tebiki ' + problem.code)}"
    return f"::{problem.severity.value} {properties}::{github_data(problem_message(problem, lang))}"


def github_report(handbook: Handbook, lang: str) -> str:
    lines = [github_annotation(p, lang) for p in handbook.problems]
    lines.append(ui("summary", lang, **asdict(handbook.summary)))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Handbook, str], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
}
