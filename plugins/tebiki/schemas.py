"""Validation against the JSON Schemas in `schema/`, the one source shared with editors.

A compiled validator (jsonschema-rs) answers the common case, a valid document,
quickly; only a failing document is walked again by `jsonschema` to collect
every error with its path, turned into located `schema` problems.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import jsonschema_rs

from .problems import Problem
from .yamlfile import YamlDocument

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILES = {
    "procedure": "procedure.schema.json",
    "org": "org.schema.json",
    "inventory": "inventory.schema.json",
}


def schema_dir() -> Path:
    """The schema folder: inside the installed wheel, or `schema/` of the source tree."""
    packaged = resources.files("tebiki") / "schema"
    if packaged.is_dir():
        return Path(str(packaged))
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


def schema_problems(document: YamlDocument, kind: str) -> list[Problem]:
    """Every way `document.data` breaks the `kind` schema, each located; [] if valid."""
    try:
        if _fast_validator(kind)(document.data):
            return []
    except (ValueError, TypeError, OverflowError):
        pass  # a value jsonschema-rs cannot take (bytes, odd keys): let jsonschema explain
    problems = [_problem(document, error) for error in _leaf_errors(_detailed_validator(kind).iter_errors(document.data))]
    if not problems:  # both libraries must agree; never let a document through unexplained
        problems = [Problem("schema", document.file, 1, 1, params={"kind": "invalid", "field": ""})]
    # jsonschema reports each missing required field of a mapping separately, all with
    # the same list; `_problem` names them all at once, so keep one per place.
    unique = {(p.line, p.column, repr(sorted(p.params.items()))): p for p in problems}
    return sorted(unique.values(), key=lambda p: p.sort_key)


def _leaf_errors(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """For anyOf/oneOf, the alternative that matched best, not the whole bundle."""
    from jsonschema.exceptions import best_match

    for error in errors:
        if error.context:
            yield best_match(error.context)
        else:
            yield error


def _problem(document: YamlDocument, error: jsonschema.ValidationError) -> Problem:
    path = list(error.absolute_path)
    field = ".".join(str(p) for p in path)
    params: dict[str, Any] = {"field": field, "kind": error.validator}
    key = False
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = [k for k in error.instance if k not in allowed]
        name = unknown[0] if unknown else ""
        path.append(name)
        key = True
        params.update(key=str(name), allowed=", ".join(error.schema.get("properties", {})),
                      field=".".join(str(p) for p in path))
    elif error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        params.update(missing=", ".join(f'"{name}"' for name in missing))
    elif error.validator == "type":
        params.update(expected=_type_name(error.validator_value), found=_describe(error.instance))
    elif error.validator == "enum":
        params.update(expected=", ".join(map(str, error.validator_value)), found=_describe(error.instance))
    elif error.validator == "pattern":
        params.update(expected=error.validator_value, found=_describe(error.instance))
    elif error.validator in ("minItems", "minLength", "minimum", "maximum", "maxItems", "maxLength"):
        params.update(expected=error.validator_value, found=_describe(error.instance))
    else:
        params.update(detail=error.message)
    location = document.locate(path, key=key)
    return Problem("schema", document.file, location.line, location.column, params=params)


def _type_name(value: Any) -> str:
    return " or ".join(value) if isinstance(value, list) else str(value)


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
