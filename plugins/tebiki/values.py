"""Values as the author meant them, read by the JSON Schema (spec: "Reading YAML written by
people", rules 2-4).

The YAML reader keeps every unquoted value as the text written (rule 1). This module
walks a document beside its schema and:
- reads number fields (`type: integer` or `number`) from that text: plain decimal only,
  `030` is 30; a colon form (`1:30`), a unit (`30分`), full-width digits (`３０`), a
  negative number, a thousands comma or a fraction where a whole number is due is a
  finding whose message gives the number to write (`read_number`);
- reads date fields (`$ref: #/$defs/date`) and suggests `2027-03-31` for `2027/03/31`;
- drops a blank optional field (`tags:` with nothing after it): blank means absent;
- trims a full-width or half-width space around an id (not a reference: those are
  reported by the cross-file checks with the closest known id) and reports that character.

Each finding is `(path, problem params, column offset)`; the loader locates it and
treats the value as absent (rule 8).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .references import is_reference

Path_ = tuple["str | int", ...]

_WHOLE = re.compile(r"^[0-9]+$")
_DECIMAL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_NEGATIVE = re.compile(r"^[-−ー‐][0-9]+(?:\.[0-9]+)?$")
_COMMA = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_COLON = re.compile(r"^([0-9]+):([0-9]{1,2})(?::([0-9]{1,2}))?$")
_HOURS_MINUTES = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:時間|h|hr|hrs|hour|hours)\s*(?:([0-9]+)\s*(?:分|m|min|mins|minutes)?)?$",
                            re.IGNORECASE)
_HALF_HOUR = re.compile(r"^([0-9]+)\s*時間半$")
_MINUTES_UNIT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:分|m|min|mins|minute|minutes)$", re.IGNORECASE)
_ANY_UNIT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*[^\d\s.,:]+$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LOOSE_DATE = re.compile(r"^([0-9]{4})\s*[/.\-年]\s*([0-9]{1,2})\s*[/.\-月]\s*([0-9]{1,2})\s*日?$")
_SPACES = " \t\u3000"


@dataclass(frozen=True)
class Finding:
    """A value that cannot be read: where (`path`, `offset` characters into the value) and why."""

    path: Path_
    params: dict[str, Any]
    offset: int = 0
    drops: bool = True
    """Whether the value is unusable (False: reported but read, like a trimmed id)."""


@dataclass
class Reading:
    """What `read_values` found; `bad` holds the paths of values to treat as absent."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def bad(self) -> set[Path_]:
        return {f.path for f in self.findings if f.drops}


def read_number(text: str, *, whole: bool, minutes: bool = False) -> tuple[int | float | None, str, int | float | None]:
    """(value, reason, suggestion) for a number field written as `text`.

    value is set when `text` is a plain decimal number (whole when `whole`); otherwise
    reason says what is wrong (`fullwidth`, `colon`, `unit`, `negative`, `comma`,
    `fraction`, `not-number`) and suggestion is the number to write, when one follows.
    `minutes` reads `1:30`, `1時間30分`, `1.5h` as minutes.
    """
    text = text.strip(_SPACES)
    if (_WHOLE if whole else _DECIMAL).match(text):
        return _number(text), "", None
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal != text:
        value, reason, suggestion = read_number(normal, whole=whole, minutes=minutes)
        return None, "fullwidth", value if value is not None else suggestion
    if _NEGATIVE.match(text):
        return None, "negative", _number(text[1:])
    if _COMMA.match(text):
        return None, "comma", _fit(_number(text.replace(",", "")), whole)
    if _DECIMAL.match(text):
        return None, "fraction", _fit(_number(text), whole)
    if minutes:
        suggestion = _minutes(text)
        if suggestion is not None:
            return None, "colon" if ":" in text else "unit", suggestion
    match = _ANY_UNIT.match(text)
    if match:
        return None, "unit", _fit(_number(match.group(1)), whole)
    return None, "not-number", None


def _number(text: str) -> int | float:
    return int(text, 10) if _WHOLE.match(text) else float(text)


def _fit(value: int | float, whole: bool) -> int | float:
    """The number to suggest: whole numbers for whole fields (90.0 -> 90, 1.5 -> 2)."""
    if whole or float(value).is_integer():
        return int(float(value) + 0.5)
    return value


def _minutes(text: str) -> int | None:
    """`1:30`, `1:30:00` (h:mm[:ss]), `30分`, `1時間30分`, `1.5h`, `2時間半` -> whole minutes."""
    match = _COLON.match(text)
    if match:
        hours, mins, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        return hours * 60 + mins + (1 if seconds >= 30 else 0)
    match = _MINUTES_UNIT.match(text)
    if match:
        return int(float(match.group(1)) + 0.5)
    match = _HOURS_MINUTES.match(text)
    if match:
        return int(float(match.group(1)) * 60 + int(match.group(2) or 0) + 0.5)
    match = _HALF_HOUR.match(text)
    if match:
        return int(match.group(1)) * 60 + 30
    return None


def suggest_date(text: str) -> str | None:
    """`2027-03-31` for `2027/03/31`, `2027.3.31`, `2027年3月31日` or full-width digits."""
    normal = unicodedata.normalize("NFKC", text).strip()
    match = _LOOSE_DATE.match(normal)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_values(data: Any, schema: dict[str, Any], kind: str) -> Reading:
    """Read `data` (changed in place) beside `schema`; see the module docstring."""
    reading = Reading()
    _walk(data, schema, schema, (), kind, reading)
    return reading


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        target = root
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type", ())
    return {declared} if isinstance(declared, str) else set(declared)


def _is_date(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "date" or schema.get("$ref", "").endswith("/date")


def _walk(value: Any, schema: dict[str, Any], root: dict[str, Any], path: Path_, kind: str, reading: Reading) -> Any:
    """The value read beside `schema` (a new value for numbers and trimmed ids)."""
    is_date = _is_date(schema)
    schema = _resolve(schema, root)
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            resolved = _resolve(option, root)
            if (isinstance(value, dict) and "object" in _types(resolved)) or (
                    isinstance(value, str) and "string" in _types(resolved)):
                return _walk(value, option, root, path, kind, reading)
        return value
    types = _types(schema)
    if isinstance(value, dict) and "object" in types:
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        for key in list(value):
            if key not in properties:
                continue
            sub = properties[key]
            if value[key] is None and key not in required and "null" not in _types(_resolve(sub, root)):
                del value[key]  # rule 3: blank means absent
                continue
            value[key] = _walk(value[key], sub, root, path + (key,), kind, reading)
        return value
    if isinstance(value, list) and "array" in types and "items" in schema:
        for index, item in enumerate(value):
            value[index] = _walk(item, schema["items"], root, path + (index,), kind, reading)
        return value
    if isinstance(value, str):
        if types & {"integer", "number"} and "string" not in types:
            return _read_number_field(value, types, path, reading, schema.get("minimum", 0))
        if is_date and not _ISO_DATE.match(value):
            reading.findings.append(Finding(path, {"kind": "date-format", "found": value,
                                                   "suggestion": suggest_date(value) or ""}))
            return value
        if schema.get("pattern") and not is_reference(kind, path):
            return _trim_id(value, path, reading)
    if isinstance(value, float) and "integer" in types and "number" not in types:
        reading.findings.append(Finding(path, {"kind": "number", "reason": "fraction", "found": _plain(value),
                                               "suggestion": _fit(value, True)}))
    return value


def _read_number_field(text: str, types: set[str], path: Path_, reading: Reading, minimum: int | float) -> Any:
    whole = "number" not in types
    number, reason, suggestion = read_number(text, whole=whole, minutes=path[-1] == "minutes")
    if number is not None:
        return number
    params: dict[str, Any] = {"kind": "number", "reason": reason, "found": text, "whole": whole,
                              "minimum": _plain(minimum), "suggestion": "" if suggestion is None else _plain(suggestion)}
    reading.findings.append(Finding(path, params))
    return text


def _plain(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _trim_id(text: str, path: Path_, reading: Reading) -> str:
    """An id with spaces around it (`collect　`): report the first space, keep the id."""
    trimmed = text.strip(_SPACES)
    if trimmed == text or not trimmed:
        return text
    offset = 0 if text[0] in _SPACES else len(text.rstrip(_SPACES))
    char = text[offset]
    reading.findings.append(Finding(path, {"kind": "id-space", "found": text, "suggestion": trimmed,
                                           "space": "fullwidth" if char == "\u3000" else "halfwidth"}, offset, drops=False))
    return trimmed


def resolve_schema_at(root: dict[str, Any], path: Path_, data: Any) -> dict[str, Any]:
    """The (resolved) schema of the value at `path` of `data`; {} when the schema does not say."""
    schema = _resolve(root, root)
    value = data
    for part in path:
        if isinstance(part, int):
            schema = _resolve(schema.get("items", {}), root)
            value = value[part] if isinstance(value, list) and 0 <= part < len(value) else None
        else:
            schema = _resolve(schema.get("properties", {}).get(part, {}), root)
            value = value.get(part) if isinstance(value, dict) else None
        for option in schema.get("anyOf", ()):
            resolved = _resolve(option, root)
            if isinstance(value, dict) and "object" in _types(resolved):
                schema = resolved
    return schema
