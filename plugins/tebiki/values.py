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

from .lazy_patterns import LazyPattern
from .references import is_reference

Path_ = tuple["str | int", ...]

# _WHOLE, _DECIMAL and _ISO_DATE read every number and date field; the others explain a mistake
# and are compiled when one is met (lazy_patterns.py)
_WHOLE = re.compile(r"^[0-9]+$")
_DECIMAL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_NEGATIVE = LazyPattern(r"^[-−ー‐][0-9]+(?:\.[0-9]+)?$")
_COMMA = LazyPattern(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_COLON = LazyPattern(r"^([0-9]+):([0-9]{1,2})(?::([0-9]{1,2}))?$")
_HOURS_MINUTES = LazyPattern(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:時間|h|hr|hrs|hour|hours)\s*(?:([0-9]+)\s*(?:分|m|min|mins|minutes)?)?$",
                             re.IGNORECASE)
_HALF_HOUR = LazyPattern(r"^([0-9]+)\s*時間半$")
_MINUTES_UNIT = LazyPattern(r"^([0-9]+(?:\.[0-9]+)?)\s*(?:分|m|min|mins|minute|minutes)$", re.IGNORECASE)
_ANY_UNIT = LazyPattern(r"^([0-9]+(?:\.[0-9]+)?)\s*[^\d\s.,:]+$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LOOSE_DATE = LazyPattern(r"^([0-9]{4})\s*[/.\-年]\s*([0-9]{1,2})\s*[/.\-月]\s*([0-9]{1,2})\s*日?$")
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
        return None, "negative", _fit(_number(text[1:]), whole)
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


def _fit(value: int | float, whole: bool) -> int | float | None:
    """The number to suggest (90.0 -> 90), or None for a fraction where a whole number
    is due: 1.5 people is not 2 people, and only the author knows which they meant."""
    if float(value).is_integer():
        return int(value)
    return None if whole else value


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
    _read(data, _plan(kind, schema), (), reading)
    return reading


@dataclass
class _Plan:
    """What reading a value of one schema node takes, compiled once per schema (values are many)."""

    kind: str = "text"  # object | array | any-of | number | date | id | text
    skip: bool = True  # nothing below this node ever changes
    properties: dict[str, tuple["_Plan", bool]] = field(default_factory=dict)  # name -> (plan, blank is absent)
    items: "_Plan | None" = None
    options: dict[type, "_Plan"] = field(default_factory=dict)  # any-of: Python type -> plan
    whole: bool = True
    minimum: int | float = 0
    minutes: bool = False


_PLANS: dict[tuple[str, int], _Plan] = {}


def _plan(kind: str, schema: dict[str, Any]) -> _Plan:
    key = (kind, id(schema))
    if key not in _PLANS:
        _PLANS[key] = _compile(schema, schema, (), kind)
    return _PLANS[key]


def _compile(node: dict[str, Any], root: dict[str, Any], shape: tuple[str, ...], kind: str) -> _Plan:
    is_date = _is_date(node)
    node = _resolve(node, root)
    if "anyOf" in node:
        options: dict[type, _Plan] = {}
        for option in node["anyOf"]:
            types = _types(_resolve(option, root))
            python_type = dict if "object" in types else str if "string" in types else None
            if python_type is not None:
                options[python_type] = _compile(option, root, shape, kind)
        return _Plan("any-of", skip=all(o.skip for o in options.values()), options=options)
    types = _types(node)
    if "object" in types:
        required = set(node.get("required", ()))
        properties = {}
        for name, sub in node.get("properties", {}).items():
            plan = _compile(sub, root, shape + (name,), kind)
            blank_is_absent = name not in required and "null" not in _types(_resolve(sub, root))
            properties[name] = (plan, blank_is_absent)
        return _Plan("object", skip=False, properties=properties)
    if "array" in types:
        items = _compile(node.get("items", {}), root, shape + ("*",), kind)
        return _Plan("array", skip=items.skip, items=items)
    if types & {"integer", "number"} and "string" not in types:
        return _Plan("number", skip=False, whole="number" not in types, minimum=node.get("minimum", 0),
                     minutes=shape[-1:] == ("minutes",))
    if is_date:
        return _Plan("date", skip=False)
    if node.get("pattern") and not is_reference(kind, shape):
        return _Plan("id", skip=False)
    return _Plan("text")


def _read(value: Any, plan: _Plan, path: Path_, reading: Reading) -> Any:
    """The value read by `plan` (a new value for numbers and trimmed ids)."""
    kind = plan.kind
    if kind == "object":
        if type(value) is not dict:
            return value
        properties = plan.properties
        blank = []
        for key, sub in value.items():
            entry = properties.get(key)
            if entry is None:
                continue
            sub_plan, blank_is_absent = entry
            if sub is None:
                if blank_is_absent:
                    blank.append(key)  # rule 3: blank means absent
            elif not sub_plan.skip:
                if sub.__class__ is str:  # the two commonest fields read at once, as _read reads them
                    if sub_plan.kind == "id" and sub.strip(_SPACES) == sub:
                        continue  # an id without spaces around it (_trim_id)
                    if sub_plan.kind == "number" and sub_plan.whole and _WHOLE.match(sub):
                        value[key] = int(sub, 10)  # plain digits (read_number)
                        continue
                new = _read(sub, sub_plan, path + (key,), reading)
                if new is not sub:
                    value[key] = new
        for key in blank:
            del value[key]
        return value
    if kind == "array":
        if type(value) is list:
            items = plan.items
            assert items is not None
            for index, item in enumerate(value):
                new = _read(item, items, path + (index,), reading)
                if new is not item:
                    value[index] = new
        return value
    if kind == "any-of":
        option = plan.options.get(type(value))
        return value if option is None or option.skip else _read(value, option, path, reading)
    if isinstance(value, str):
        if kind == "number":
            return _read_number_field(value, plan, path, reading)
        if kind == "date":
            if not _ISO_DATE.match(value):
                reading.findings.append(Finding(path, {"kind": "date-format", "found": value,
                                                       "suggestion": suggest_date(value) or ""}))
            return value
        if kind == "id":
            return _trim_id(value, path, reading)
    elif kind == "number" and isinstance(value, float) and plan.whole:
        reading.findings.append(Finding(path, {"kind": "number", "reason": "fraction", "found": _plain(value),
                                               "suggestion": _plain(value) if value.is_integer() and abs(value) < 1e15 else ""}))
    return value


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


def _read_number_field(text: str, plan: _Plan, path: Path_, reading: Reading) -> Any:
    number, reason, suggestion = read_number(text, whole=plan.whole, minutes=plan.minutes)
    if number is not None:
        return number
    params: dict[str, Any] = {"kind": "number", "reason": reason, "found": text, "whole": plan.whole,
                              "minimum": _plain(plan.minimum),
                              "suggestion": "" if suggestion is None else _plain(suggestion)}
    reading.findings.append(Finding(path, params))
    return text


def _plain(value: int | float) -> str:
    """`90` for 90.0, `1.5` for 1.5, `1e+300` for what no one means digit by digit."""
    if abs(value) >= 1e15:
        return f"{value:g}"
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
