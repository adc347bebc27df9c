"""Tests of the JSON Schemas in schema/ themselves (spec: docs handbook-format.md).

The schemas are the single source for the loader's validation (jsonschema and
jsonschema-rs), for editors (yaml-language-server hover and completion) and
for the docs, so these tests check them against the 2020-12 metaschema, the
spec's own example documents, the spec's field lists, bilingual help on every
property, and a set of documents that both validators must reject.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import jsonschema
import jsonschema_rs
import pytest

SCHEMA_DIR = Path(__file__).parents[1] / "schema"
SCHEMA_NAMES = ("procedure", "org", "inventory")
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"

JAPANESE = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=SCHEMA_NAMES)
def schema(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


# --------------------------------------------------------------------------
# The spec's example documents, copied as the loader delivers them (dates as strings).

SPEC_ORG = {
    "departments": [
        {"id": "accounting", "name": "経理・財務"},
        {"id": "hr", "name": "人事・労務"},
    ],
    "people": [
        {"id": "sato", "name": "佐藤 花子", "department": "accounting", "status": "active"},
        {
            "id": "tanaka",
            "name": "田中 一郎",
            "department": "accounting",
            "status": "leaving",
            "leaving_on": "2027-03-31",
        },
    ],
}

SPEC_INVENTORY = {
    "procedures": [
        {"id": "acc-monthly-close", "title": "月次決算", "department": "accounting", "hours_per_year": 120},
    ],
}

SPEC_PROCEDURE = {
    "id": "acc-monthly-close",
    "title": "月次決算",
    "department": "accounting",
    "summary": "毎月の締めを行い、試算表を経営会議へ提出する。",
    "owner": "sato",
    "backup_owners": ["suzuki"],
    "frequency": "monthly",
    "volume": {"count": 40, "per": "month"},
    "trigger": "毎月第1営業日",
    "reviewed": "2026-04-01",
    "review_interval_months": 12,
    "systems": ["会計システム"],
    "references": [{"title": "法人税法", "url": "https://example.org/law"}],
    "related": ["acc-invoice-issue"],
    "tags": ["決算", "月次"],
    "improvements": [
        {"title": "請求書の受領を電子化する", "lever": "digitize", "status": "planned",
         "steps": ["collect"], "due": "2027-03-31"},
    ],
    "steps": [
        {
            "id": "collect",
            "title": "証憑を回収する",
            "actor": "経理担当",
            "mode": "manual",
            "minutes": 60,
            "headcount": 1,
            "description": "各部署から請求書・領収書を回収する。\n",
            "next": ["check"],
        },
        {
            "id": "check",
            "title": "部長承認",
            "actor": "経理部長",
            "next": [
                {"to": "post", "when": "承認"},
                {"to": "collect", "when": "差戻し"},
            ],
        },
        {"id": "post", "title": "仕訳を計上する", "actor": "経理担当", "mode": "system"},
    ],
}

SPEC_EXAMPLES = {"procedure": SPEC_PROCEDURE, "org": SPEC_ORG, "inventory": SPEC_INVENTORY}

# The spec's field lists, in the spec's order, and which of them are required.
SPEC_FIELDS = {
    ("procedure", ()): (
        ["id", "title", "department", "summary", "owner", "backup_owners", "trainees", "frequency", "volume",
         "trigger", "reviewed", "review_interval_months", "systems", "references",
         "related", "tags", "improvements", "steps"],
        {"id", "title", "department", "summary", "frequency", "steps"},
    ),
    ("procedure", ("steps",)): (
        ["id", "title", "actor", "mode", "minutes", "headcount", "description", "next"],
        {"id", "title", "actor"},
    ),
    ("procedure", ("references",)): (["title", "url"], {"title"}),
    ("procedure", ("steps", "next")): (["to", "when"], {"to"}),
    ("procedure", ("volume",)): (["count", "per"], {"count", "per"}),
    ("procedure", ("improvements",)): (["title", "lever", "status", "steps", "due"], {"title"}),
    ("procedure", ("trainees",)): (["person", "since"], {"person"}),
    ("org", ()): (["departments", "people"], {"departments", "people"}),
    ("org", ("departments",)): (["id", "name"], {"id", "name"}),
    ("org", ("people",)): (
        ["id", "name", "department", "status", "roles", "leaving_on"],
        {"id", "name", "department"},
    ),
    ("inventory", ()): (["procedures"], {"procedures"}),
    ("inventory", ("procedures",)): (["id", "title", "department", "hours_per_year"], {"id", "title", "department"}),
}


# --------------------------------------------------------------------------
# Walking a schema, following local $refs.


def resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), f"only local refs are allowed, got {ref!r}"
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def children(node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Direct subschemas of `node` with a label for messages."""
    for key in ("properties", "$defs", "patternProperties"):
        for name, sub in node.get(key, {}).items():
            yield f"{key}.{name}", sub
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains"):
        if isinstance(node.get(key), dict):
            yield key, node[key]
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for i, sub in enumerate(node.get(key, [])):
            yield f"{key}.{i}", sub


def walk(root: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node reachable from `root`, each once, with a path; $refs are followed."""
    seen: set[int] = set()
    stack: list[tuple[str, dict[str, Any]]] = [("#", root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield path, node
        if "$ref" in node:
            stack.append((f"{path}->{node['$ref']}", resolve(root, node["$ref"])))
        for label, sub in children(node):
            stack.append((f"{path}/{label}", sub))


def object_schema(root: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The object schema reached by following property names (through items, $ref, anyOf)."""

    def deref(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node and "properties" not in node:
            node = resolve(root, node["$ref"])
        return node

    node = deref(root)
    for name in path:
        node = deref(node["properties"][name])
        if "items" in node:
            node = deref(node["items"])
        if "anyOf" in node:
            node = next(deref(s) for s in node["anyOf"] if "properties" in deref(s))
    return node


def help_problems(root: dict[str, Any]) -> list[str]:
    """Properties (and the root) whose title or description is missing or not bilingual."""
    problems = []

    def check(where: str, node: dict[str, Any]) -> None:
        for key in ("title", "description"):
            text = node.get(key)
            if not isinstance(text, str):
                problems.append(f"{where}: no {key}")
            elif not (JAPANESE.search(text) and LATIN.search(text)):
                problems.append(f"{where}: {key} {text!r} is not Japanese and English")

    check("#", root)
    for path, node in walk(root):
        for name, sub in node.get("properties", {}).items():
            check(f"{path}/properties.{name}", sub)
    return problems


def property_names(root: dict[str, Any]) -> set[str]:
    return {name for _, node in walk(root) for name in node.get("properties", {})}


# --------------------------------------------------------------------------
# Validation with both validators.


def py_errors(schema: dict[str, Any], instance: Any, formats: bool = False) -> list[jsonschema.ValidationError]:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER if formats else None
    return list(jsonschema.Draft202012Validator(schema, format_checker=checker).iter_errors(instance))


def rs_valid(schema: dict[str, Any], instance: Any, formats: bool = False) -> bool:
    return jsonschema_rs.validator_for(schema, validate_formats=formats).is_valid(instance)


def keywords(errors: list[jsonschema.ValidationError]) -> set[str]:
    """The failing keywords, including those inside anyOf/oneOf contexts."""
    found: set[str] = set()
    for error in errors:
        found.add(str(error.validator))
        found |= keywords(list(error.context or []))
    return found


# ==========================================================================
# The schemas as documents


def test_schema_files_exist_and_are_readable_json() -> None:
    for name in SCHEMA_NAMES:
        path = SCHEMA_DIR / f"{name}.schema.json"
        assert path.is_file(), path
        text = path.read_text(encoding="utf-8")
        assert text.startswith('{\n  "$schema"'), f"{path}: 2-space indented, $schema first"
        assert text.endswith("}\n")
        json.loads(text)


def test_schema_is_draft_2020_12_and_valid_against_the_metaschema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == DRAFT_2020_12
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema_rs.meta.is_valid(schema)


def test_schema_has_only_local_refs(schema: dict[str, Any]) -> None:
    refs = [node["$ref"] for _, node in walk(schema) if "$ref" in node]
    assert refs, "the schemas share definitions through $defs"
    for ref in refs:
        assert ref.startswith("#/$defs/"), ref
        resolve(schema, ref)  # raises if the target is missing
    assert "$id" not in schema


def test_every_object_forbids_unknown_keys(schema: dict[str, Any]) -> None:
    objects = [(path, node) for path, node in walk(schema) if "properties" in node or node.get("type") == "object"]
    assert objects
    for path, node in objects:
        assert node.get("type") == "object", path
        assert node.get("additionalProperties") is False, path


def test_every_property_has_bilingual_title_and_description(schema: dict[str, Any]) -> None:
    assert help_problems(schema) == []


def test_help_walk_reaches_nested_properties() -> None:
    # The walker must reach properties behind $ref, items and anyOf, or the test above proves little.
    assert {"to", "when", "url", "mode", "minutes"} <= property_names(load("procedure"))
    assert {"leaving_on", "status", "name"} <= property_names(load("org"))
    assert {"id", "title", "department"} <= property_names(load("inventory"))


def test_help_check_detects_missing_and_monolingual_help() -> None:
    broken = copy.deepcopy(load("procedure"))
    step = broken["$defs"]["step"]["properties"]
    del step["minutes"]["title"]
    step["actor"]["description"] = "The role doing the step."
    broken["$defs"]["branch"]["properties"]["when"]["title"] = "条件"
    problems = "\n".join(help_problems(broken))
    assert "properties.minutes: no title" in problems
    assert "properties.actor: description" in problems
    assert "properties.when: title" in problems


@pytest.mark.parametrize(("name", "path"), list(SPEC_FIELDS))
def test_field_set_order_and_required_follow_the_spec(name: str, path: tuple[str, ...]) -> None:
    fields, required = SPEC_FIELDS[(name, path)]
    node = object_schema(load(name), path)
    assert list(node["properties"]) == fields
    assert set(node.get("required", [])) == required


def test_ids_and_id_references_are_slugs() -> None:
    procedure, org, inventory = (load(n) for n in SCHEMA_NAMES)

    def slug_pattern(root: dict[str, Any], node: dict[str, Any]) -> str | None:
        while "pattern" not in node and "$ref" in node:
            node = resolve(root, node["$ref"])
        return node.get("pattern")

    def prop(root: dict[str, Any], path: tuple[str, ...], name: str) -> dict[str, Any]:
        node = object_schema(root, path)["properties"][name]
        return node.get("items", node) if node.get("type") == "array" else node

    slugs = [
        (procedure, (), "id"), (procedure, (), "department"), (procedure, (), "owner"),
        (procedure, (), "backup_owners"), (procedure, (), "related"), (procedure, ("trainees",), "person"),
        (procedure, ("steps",), "id"), (procedure, ("steps", "next"), "to"), (procedure, ("improvements",), "steps"),
        (org, ("departments",), "id"), (org, ("people",), "id"), (org, ("people",), "department"),
        (inventory, ("procedures",), "id"), (inventory, ("procedures",), "department"),
    ]
    for root, path, name in slugs:
        assert slug_pattern(root, prop(root, path, name)) == SLUG, (path, name)
    next_items = object_schema(procedure, ("steps",))["properties"]["next"]["items"]["anyOf"]
    assert SLUG in {slug_pattern(procedure, s) for s in next_items}


def test_defaults_stated_by_the_spec() -> None:
    procedure, org = load("procedure"), load("org")
    assert object_schema(procedure, ())["properties"]["backup_owners"]["default"] == []
    assert object_schema(procedure, ("steps",))["properties"]["mode"]["default"] == "manual"
    assert object_schema(procedure, ("steps",))["properties"]["headcount"]["default"] == 1
    assert object_schema(org, ("people",))["properties"]["status"]["default"] == "active"


# ==========================================================================
# Documents that must validate


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_spec_examples_validate(name: str) -> None:
    schema, document = load(name), SPEC_EXAMPLES[name]
    for formats in (False, True):
        assert py_errors(schema, document, formats) == []
        assert rs_valid(schema, document, formats)


def _minimal_procedure() -> dict[str, Any]:
    return {
        "id": "hr-offboarding",
        "title": "退職手続",
        "department": "hr",
        "summary": "退職者のアカウント停止と貸与物の回収。",
        "frequency": "on-demand",
        "steps": [{"id": "notify", "title": "退職連絡を受ける", "actor": "人事担当"}],
    }


def _with(base: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(base)
    change(document)
    return document


VALID = [
    ("procedure", "minimal", _minimal_procedure()),
    ("procedure", "owner null", _with(SPEC_PROCEDURE, lambda d: d.update(owner=None))),
    ("procedure", "owner absent", _with(SPEC_PROCEDURE, lambda d: d.pop("owner"))),
    ("procedure", "empty lists", _with(SPEC_PROCEDURE, lambda d: d.update(
        backup_owners=[], systems=[], references=[], related=[], tags=[]))),
    ("procedure", "next [] ends the flow", _with(SPEC_PROCEDURE, lambda d: d["steps"][0].update(next=[]))),
    ("procedure", "next mixes ids and branches", _with(SPEC_PROCEDURE, lambda d: d["steps"][1].update(
        next=["post", {"to": "collect"}, {"to": "post", "when": "差戻し"}]))),
    ("procedure", "minutes 0", _with(SPEC_PROCEDURE, lambda d: d["steps"][0].update(minutes=0))),
    ("procedure", "reference without url", _with(SPEC_PROCEDURE, lambda d: d.update(
        references=[{"title": "就業規則"}]))),
    ("procedure", "every mode and frequency", _with(SPEC_PROCEDURE, lambda d: d.update(
        frequency="quarterly",
        steps=[{"id": f"s{i}", "title": "作業", "actor": "担当", "mode": m}
               for i, m in enumerate(["manual", "paper", "system", "automated", "outsourced"])]))),
    ("org", "person without status", _with(SPEC_ORG, lambda d: d["people"][0].pop("status"))),
    ("org", "left person", _with(SPEC_ORG, lambda d: d["people"][1].update(status="left"))),
    ("org", "no people", _with(SPEC_ORG, lambda d: d.update(people=[]))),
    ("inventory", "empty inventory", {"procedures": []}),
    ("inventory", "fractional hours", _with(SPEC_INVENTORY, lambda d: d["procedures"][0].update(hours_per_year=7.5))),
    ("procedure", "every improvement status", _with(SPEC_PROCEDURE, lambda d: d.update(improvements=[
        {"title": "案", "status": s} for s in ("idea", "planned", "doing", "done")]))),
    *[("procedure", f"volume per {per}", _with(SPEC_PROCEDURE, lambda d, p=per: d.update(volume={"count": 1, "per": p})))
      for per in ("day", "week", "month", "quarter", "year")],
]


@pytest.mark.parametrize(("name", "label", "document"), VALID, ids=[f"{n}: {l}" for n, l, _ in VALID])
def test_valid_documents(name: str, label: str, document: dict[str, Any]) -> None:
    schema = load(name)
    assert py_errors(schema, document, formats=True) == []
    assert rs_valid(schema, document, formats=True)


# ==========================================================================
# Documents that must be rejected, by both validators, for the expected keyword

P, O, I = SPEC_PROCEDURE, SPEC_ORG, SPEC_INVENTORY

INVALID: list[tuple[str, str, str, dict[str, Any]]] = [
    # procedure: unknown keys at every level
    ("procedure", "unknown top-level key", "additionalProperties", _with(P, lambda d: d.update(onwer="sato"))),
    ("procedure", "unknown step key", "additionalProperties", _with(P, lambda d: d["steps"][0].update(role="x"))),
    ("procedure", "unknown branch key", "additionalProperties",
     _with(P, lambda d: d["steps"][1]["next"][0].update(label="承認"))),
    ("procedure", "unknown reference key", "additionalProperties",
     _with(P, lambda d: d["references"][0].update(link="https://example.org"))),
    # bad enums
    ("procedure", "bad frequency", "enum", _with(P, lambda d: d.update(frequency="biweekly"))),
    ("procedure", "frequency in Japanese", "enum", _with(P, lambda d: d.update(frequency="毎月"))),
    ("procedure", "bad mode", "enum", _with(P, lambda d: d["steps"][0].update(mode="email"))),
    # bad slugs
    ("procedure", "procedure id with capitals", "pattern", _with(P, lambda d: d.update(id="Acc-Close"))),
    ("procedure", "procedure id with underscore", "pattern", _with(P, lambda d: d.update(id="acc_close"))),
    ("procedure", "procedure id with trailing hyphen", "pattern", _with(P, lambda d: d.update(id="acc-"))),
    ("procedure", "procedure id with double hyphen", "pattern", _with(P, lambda d: d.update(id="acc--close"))),
    ("procedure", "department not a slug", "pattern", _with(P, lambda d: d.update(department="経理"))),
    ("procedure", "owner not a slug", "pattern", _with(P, lambda d: d.update(owner="Sato Hanako"))),
    ("procedure", "backup owner not a slug", "pattern", _with(P, lambda d: d.update(backup_owners=["suzuki "]))),
    ("procedure", "related not a slug", "pattern", _with(P, lambda d: d.update(related=["Acc"]))),
    ("procedure", "step id not a slug", "pattern", _with(P, lambda d: d["steps"][0].update(id="Collect"))),
    ("procedure", "next id not a slug", "pattern", _with(P, lambda d: d["steps"][0].update(next=["次へ"]))),
    ("procedure", "branch target not a slug", "pattern",
     _with(P, lambda d: d["steps"][1]["next"][0].update(to="Post"))),
    # missing required fields
    *[("procedure", f"missing {key}", "required", _with(P, lambda d, k=key: d.pop(k)))
      for key in ("id", "title", "department", "summary", "frequency", "steps")],
    *[("procedure", f"step missing {key}", "required", _with(P, lambda d, k=key: d["steps"][2].pop(k)))
      for key in ("id", "title", "actor")],
    ("procedure", "reference missing title", "required",
     _with(P, lambda d: d.update(references=[{"url": "https://example.org"}]))),
    ("procedure", "next object without to", "required",
     _with(P, lambda d: d["steps"][1].update(next=[{"when": "承認"}]))),
    # numbers
    ("procedure", "negative minutes", "minimum", _with(P, lambda d: d["steps"][0].update(minutes=-5))),
    ("procedure", "fractional minutes", "type", _with(P, lambda d: d["steps"][0].update(minutes=1.5))),
    ("procedure", "minutes as text", "type", _with(P, lambda d: d["steps"][0].update(minutes="60分"))),
    ("procedure", "minutes as boolean", "type", _with(P, lambda d: d["steps"][0].update(minutes=True))),
    ("procedure", "review interval 0", "minimum", _with(P, lambda d: d.update(review_interval_months=0))),
    ("procedure", "headcount 0", "minimum", _with(P, lambda d: d["steps"][0].update(headcount=0))),
    ("procedure", "fractional headcount", "type", _with(P, lambda d: d["steps"][0].update(headcount=1.5))),
    ("procedure", "volume count 0", "minimum", _with(P, lambda d: d.update(volume={"count": 0, "per": "month"}))),
    ("procedure", "volume count as text", "type", _with(P, lambda d: d.update(volume={"count": "40件", "per": "month"}))),
    ("procedure", "volume per in Japanese", "enum", _with(P, lambda d: d.update(volume={"count": 4, "per": "月"}))),
    ("procedure", "volume without per", "required", _with(P, lambda d: d.update(volume={"count": 4}))),
    ("procedure", "unknown volume key", "additionalProperties",
     _with(P, lambda d: d.update(volume={"count": 4, "per": "month", "note": "x"}))),
    ("procedure", "improvement without title", "required", _with(P, lambda d: d.update(improvements=[{"status": "idea"}]))),
    ("procedure", "bad improvement status", "enum",
     _with(P, lambda d: d["improvements"][0].update(status="finished"))),
    ("procedure", "bad improvement lever", "enum", _with(P, lambda d: d["improvements"][0].update(lever="ai"))),
    ("procedure", "improvement step not a slug", "pattern",
     _with(P, lambda d: d["improvements"][0].update(steps=["Collect"]))),
    ("procedure", "improvement due not a date", "pattern", _with(P, lambda d: d["improvements"][0].update(due="3月末"))),
    # lists, strings, types
    ("procedure", "empty steps", "minItems", _with(P, lambda d: d.update(steps=[]))),
    ("procedure", "steps not a list", "type", _with(P, lambda d: d.update(steps={"id": "x"}))),
    ("procedure", "duplicate backup owners", "uniqueItems",
     _with(P, lambda d: d.update(backup_owners=["suzuki", "suzuki"]))),
    ("procedure", "backup owners as one string", "type", _with(P, lambda d: d.update(backup_owners="suzuki"))),
    ("procedure", "empty summary", "minLength", _with(P, lambda d: d.update(summary=""))),
    ("procedure", "empty title", "minLength", _with(P, lambda d: d.update(title=""))),
    ("procedure", "empty actor", "minLength", _with(P, lambda d: d["steps"][0].update(actor=""))),
    ("procedure", "empty branch label", "minLength",
     _with(P, lambda d: d["steps"][1]["next"][0].update(when=""))),
    ("procedure", "empty tag", "minLength", _with(P, lambda d: d.update(tags=[""]))),
    ("procedure", "empty system", "minLength", _with(P, lambda d: d.update(systems=[""]))),
    ("procedure", "next not a list", "type", _with(P, lambda d: d["steps"][0].update(next="check"))),
    ("procedure", "trigger null", "type", _with(P, lambda d: d.update(trigger=None))),
    ("procedure", "owner a list", "type", _with(P, lambda d: d.update(owner=["sato"]))),
    # dates
    ("procedure", "reviewed in Japanese style", "pattern", _with(P, lambda d: d.update(reviewed="2026/04/01"))),
    ("procedure", "reviewed with time", "pattern", _with(P, lambda d: d.update(reviewed="2026-04-01 10:00"))),
    ("procedure", "reviewed as a number", "type", _with(P, lambda d: d.update(reviewed=20260401))),
    # org
    ("org", "unknown top-level key", "additionalProperties", _with(O, lambda d: d.update(teams=[]))),
    ("org", "unknown department key", "additionalProperties",
     _with(O, lambda d: d["departments"][0].update(head="sato"))),
    ("org", "unknown person key", "additionalProperties", _with(O, lambda d: d["people"][0].update(email="x@y"))),
    ("org", "bad status", "enum", _with(O, lambda d: d["people"][0].update(status="retired"))),
    ("org", "department id not a slug", "pattern", _with(O, lambda d: d["departments"][0].update(id="Accounting"))),
    ("org", "person id not a slug", "pattern", _with(O, lambda d: d["people"][0].update(id="sato.h"))),
    ("org", "person department not a slug", "pattern",
     _with(O, lambda d: d["people"][0].update(department="経理"))),
    ("org", "missing departments", "required", _with(O, lambda d: d.pop("departments"))),
    ("org", "missing people", "required", _with(O, lambda d: d.pop("people"))),
    ("org", "no departments", "minItems", _with(O, lambda d: d.update(departments=[]))),
    ("org", "department missing name", "required", _with(O, lambda d: d["departments"][0].pop("name"))),
    *[("org", f"person missing {key}", "required", _with(O, lambda d, k=key: d["people"][0].pop(k)))
      for key in ("id", "name", "department")],
    ("org", "empty person name", "minLength", _with(O, lambda d: d["people"][0].update(name=""))),
    ("org", "empty department name", "minLength", _with(O, lambda d: d["departments"][0].update(name=""))),
    ("org", "leaving_on not a date", "pattern", _with(O, lambda d: d["people"][1].update(leaving_on="3月末"))),
    # inventory
    ("inventory", "unknown top-level key", "additionalProperties", _with(I, lambda d: d.update(version=1))),
    ("inventory", "unknown entry key", "additionalProperties",
     _with(I, lambda d: d["procedures"][0].update(owner="sato"))),
    ("inventory", "missing procedures", "required", {}),
    *[("inventory", f"entry missing {key}", "required", _with(I, lambda d, k=key: d["procedures"][0].pop(k)))
      for key in ("id", "title", "department")],
    ("inventory", "entry id not a slug", "pattern", _with(I, lambda d: d["procedures"][0].update(id="月次決算"))),
    ("inventory", "entry department not a slug", "pattern",
     _with(I, lambda d: d["procedures"][0].update(department="Acc"))),
    ("inventory", "empty entry title", "minLength", _with(I, lambda d: d["procedures"][0].update(title=""))),
    ("inventory", "procedures not a list", "type", _with(I, lambda d: d.update(procedures={}))),
    ("inventory", "negative hours", "minimum", _with(I, lambda d: d["procedures"][0].update(hours_per_year=-1))),
    ("inventory", "hours as text", "type", _with(I, lambda d: d["procedures"][0].update(hours_per_year="120時間"))),
]


@pytest.mark.parametrize(
    ("name", "label", "keyword", "document"), INVALID, ids=[f"{n}: {l}" for n, l, _, _ in INVALID]
)
def test_invalid_documents_are_rejected_by_both_validators(
    name: str, label: str, keyword: str, document: dict[str, Any]
) -> None:
    schema = load(name)
    errors = py_errors(schema, document)
    assert errors, "jsonschema accepted it"
    assert keyword in keywords(errors), [e.message for e in errors]
    assert not rs_valid(schema, document), "jsonschema-rs accepted it"


def test_invalid_cases_are_distinct_changes_of_the_spec_examples() -> None:
    # Each rejected document is a spec example with one change (so the change is what gets it
    # rejected), and no case is listed twice under different labels.
    labels = [(name, label) for name, label, _, _ in INVALID]
    assert len(labels) == len(set(labels))
    for name, label, _, document in INVALID:
        assert document != SPEC_EXAMPLES[name], label


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "2026-00-10"])
def test_impossible_dates_are_rejected_when_formats_are_checked(value: str) -> None:
    # The pattern only checks the shape; a validator with format checking also rejects impossible dates.
    procedure, org = load("procedure"), load("org")
    reviewed = _with(SPEC_PROCEDURE, lambda d: d.update(reviewed=value))
    leaving = _with(SPEC_ORG, lambda d: d["people"][1].update(leaving_on=value))
    for schema, document in ((procedure, reviewed), (org, leaving)):
        assert "format" in keywords(py_errors(schema, document, formats=True))
        assert not rs_valid(schema, document, formats=True)
