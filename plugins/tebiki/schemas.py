"""Validation against the JSON Schemas in `schema/`, the one source shared with editors.

A compiled validator (jsonschema-rs) answers the common case, a valid document,
quickly; only a failing document is walked again by `jsonschema` to collect
every error with its path, turned into located `schema` problems.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import jsonschema_rs

from .problems import Problem
from .enum_words import meant
from .references import closest, is_reference
from .values import read_values
from .yamlfile import YamlDocument
from .yamlslips import FULLWIDTH_KEY_TEXT

PathT = tuple["str | int", ...]

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILES = {
    "procedure": "procedure.schema.json",
    "org": "org.schema.json",
    "inventory": "inventory.schema.json",
}


def schema_dir() -> Path:
    """The schema folder: inside the installed wheel, or `schema/` of the source tree.
    (The package's own folder, as `importlib.resources.files("tebiki")` names it for a
    package on disk, without importing importlib.resources and its zip and temp-file
    machinery into every `tebiki check`.)"""
    packaged = Path(__file__).parent / "schema"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema"


@lru_cache(maxsize=None)
def load_schema(kind: str) -> dict[str, Any]:
    return json.loads((schema_dir() / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _fast_validator(kind: str) -> Callable[[Any], bool]:
    return jsonschema_rs.validator_for(load_schema(kind)).is_valid


@lru_cache(maxsize=None)
def _detailed_validator(kind: str) -> "jsonschema.Draft202012Validator":
    import jsonschema  # only a failing document needs it: keeps `tebiki check` quick to start

    return jsonschema.Draft202012Validator(load_schema(kind))


@dataclass
class Validation:
    """The `schema` problems of one document and the paths of the values they make
    unusable (the loader treats those as absent: spec rule 8)."""

    problems: list[Problem] = field(default_factory=list)
    unusable: list[PathT] = field(default_factory=list)


def schema_problems(document: YamlDocument, kind: str) -> list[Problem]:
    """Every way `document.data` breaks the `kind` schema, each located; [] if valid."""
    return validate(document, kind).problems


def validate(document: YamlDocument, kind: str) -> Validation:
    """Read the values of `document` by the schema (values.py; changes `document.data`),
    then validate: every problem located, worded by messages.py, references left to the
    cross-file checks (rule 7)."""
    result = Validation()
    data = document.data
    if not isinstance(data, dict):
        result.problems.append(_located(document, (), {"kind": "not-mapping", "found": _kind_of(data)}))
        result.unusable.append(())
        return result
    reading = read_values(data, load_schema(kind), kind)
    for finding in reading.findings:
        result.problems.append(_located(document, finding.path, finding.params, finding.offset))
    bad = reading.bad
    result.unusable.extend(sorted(bad, key=str))
    try:
        if not bad and _fast_validator(kind)(data):
            return result
    except (ValueError, TypeError, OverflowError):
        pass  # a value jsonschema-rs cannot take (bytes, odd keys): let jsonschema explain
    for error in _leaf_errors(_detailed_validator(kind).iter_errors(data)):
        path = tuple(error.absolute_path)
        if any(path[:n] in bad for n in range(len(path) + 1)) or _is_reference_error(kind, path, error):
            continue
        for unusable, problem in _problems(document, path, error):
            result.unusable.append(unusable)
            if problem is not None:
                result.problems.append(problem)
    unique = {(p.line, p.column, repr(sorted(p.params.items()))): p for p in result.problems}
    result.problems = sorted(unique.values(), key=lambda p: p.sort_key)
    return result


def _is_reference_error(kind: str, path: PathT, error: "jsonschema.ValidationError") -> bool:
    """A reference that is not a valid id is the cross-file checks' (rule 7), not schema's."""
    return isinstance(error.instance, str) and error.validator in ("pattern", "anyOf") and is_reference(kind, path)


def _leaf_errors(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """For anyOf/oneOf, the alternative that matched best, not the whole bundle."""
    from jsonschema.exceptions import best_match

    for error in errors:
        if not error.context or isinstance(error.instance, str):
            yield error
            continue
        by_option: dict[Any, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            by_option.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [subs for subs in by_option.values()  # alternatives of the instance's own type
                   if not any(sub.validator == "type" and not sub.relative_path for sub in subs)]
        if len(fitting) == 1:
            yield from fitting[0]
        else:
            yield best_match(error.context)


def _problems(document: YamlDocument, path: PathT,
              error: "jsonschema.ValidationError") -> Iterator[tuple[PathT, Problem | None]]:
    """(the unusable path, its problem, or None when another problem already says it) for one jsonschema error."""
    validator = error.validator
    found = error.instance
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for name in [k for k in found if k not in allowed]:
            meant_key = FULLWIDTH_KEY_TEXT.match(str(name))
            if meant_key and found[name] is None:  # `{to：post}`: one key read as text (rule 4)
                location = document.locate(list(path + (name,)), key=True)
                yield path + (name,), Problem(
                    "yaml-syntax", document.file, location.line,
                    location.column + str(name).index("：", len(meant_key.group(1))),
                    params={"reason": "fullwidth-colon", "key": meant_key.group(1)})
                continue
            params: dict[str, Any] = {"kind": "additionalProperties", "key": str(name), "allowed": ", ".join(allowed),
                      "suggestion": closest(str(name), allowed)}
            yield path + (name,), _located(document, path + (name,), params, key=True)
        return
    if validator == "required":
        meant_keys = {m.group(1) for m in map(FULLWIDTH_KEY_TEXT.match, map(str, found)) if m}
        missing = [name for name in error.validator_value if name not in found]
        if missing and set(missing) <= meant_keys:  # already said: the full-width colon above
            for name in missing:
                yield path + (name,), None
            return
        params = {"kind": "required", "missing": ", ".join(f'"{name}"' for name in missing)}
        problem = _located(document, path, params)
        for name in missing:
            yield path + (name,), problem
        return
    if validator == "type" and isinstance(found, str) and FULLWIDTH_KEY_TEXT.match(found):
        location = document.locate(list(path))  # `- title：x`: meant as a field, read as text (rule 4)
        key = FULLWIDTH_KEY_TEXT.match(found).group(1)  # type: ignore[union-attr]
        yield path, Problem("yaml-syntax", document.file, location.line, location.column + found.index("：", len(key)),
                            params={"reason": "fullwidth-colon", "key": key})
        return
    params = {"kind": validator, "found": _describe(found), "found_kind": _kind_of(found)}
    if found is None or (validator == "minLength" and found == ""):
        params["kind"] = "blank"
    elif validator == "type":
        params["expected"] = _type_name(error.validator_value)
    elif validator == "enum":
        choices = [str(v) for v in error.validator_value]
        params.update(expected=", ".join(choices), suggestion=meant(str(found), choices) or closest(str(found), choices))
    elif validator == "pattern":
        params.update(kind="id", suggestion=_slug_suggestion(found))
    elif validator in ("minItems", "minimum", "maximum", "maxItems", "maxLength", "exclusiveMinimum"):
        params["expected"] = error.validator_value
    elif validator != "uniqueItems":
        params["detail"] = error.message
    yield path, _located(document, path, params)


def _located(document: YamlDocument, path: PathT, params: dict[str, Any], offset: int = 0,
             *, key: bool = False) -> Problem:
    location = document.locate(list(path), key=key)
    full = {"field": ".".join(str(p) for p in path), "place": place_of(document.data, path), **params}
    return Problem("schema", document.file, location.line, location.column + offset, params=full)


def place_of(data: Any, path: PathT) -> list[Any]:
    """`path` as words can say it: list items as [list, number from 1, id or ""], fields as names.
    ("steps", 1, "title") -> [["steps", 2, "approve"], "title"]."""
    place: list[Any] = []
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            label = item.get("id") if isinstance(item, dict) else None
            name = place.pop() if place and isinstance(place[-1], str) else ""
            place.append([name, part + 1, label if isinstance(label, str) else ""])
            node = item
        else:
            place.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return place


def _type_name(value: Any) -> str:
    return " or ".join(value) if isinstance(value, list) else str(value)


def _kind_of(value: Any) -> str:
    """What a value is, as a word messages.py translates: text, number, list, mapping, blank, yes-no."""
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "yes-no"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "text"


def _slug_suggestion(value: Any) -> str:
    """`acc-monthly-close` for `Acc_Monthly Close`, or "" when nothing id-like is left."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip().lower()
    text = re.sub(r"[\s_]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) else ""


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "..."
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
