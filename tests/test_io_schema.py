"""The JSON Schema of the standard ledger validates what the library writes.

``jsonschema`` is not a dependency: a small validator of the keywords the schema uses
(``$ref``, ``type``, ``enum``, ``const``, ``pattern``, ``minLength``, ``minimum``,
``properties``, ``required``, ``additionalProperties``, ``items``, ``anyOf``, ``oneOf``)
checks it here; when ``jsonschema`` is installed it checks the same documents too.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from recouvrement.claims import Claim
from recouvrement.io import ledger_schema, write_claims_csv
from recouvrement.io.mapping import CLAIM_FIELDS
from recouvrement.sample import load_sample
from tests.strategies import claims

SCHEMA = ledger_schema()
KNOWN = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum", "const",
    "pattern", "minLength", "minimum", "properties", "required", "additionalProperties",
    "items", "anyOf", "oneOf",
}  # fmt: skip
TYPES = {
    "string": str,
    "object": dict,
    "array": list,
    "boolean": bool,
    "null": type(None),
}


def _type_ok(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def errors(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Every violation of ``schema`` by ``value`` (empty when valid)."""
    unknown = set(schema) - KNOWN
    assert not unknown, f"the test validator does not know {unknown}"
    if "$ref" in schema:
        target: Any = SCHEMA
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return errors(value, target, path)
    found: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, n) for n in names):
            return [f"{path}: {value!r} is not {names}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: too short")
    if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
        found.append(f"{path}: below {schema['minimum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        found += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            if key in props:
                found += errors(item, props[key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}: unexpected {key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(item, schema["items"], f"{path}[{index}]")
    if "anyOf" in schema and all(errors(value, s, path) for s in schema["anyOf"]):
        found.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not errors(value, s, path)]
        if len(matching) != 1:
            found.append(f"{path}: matches {len(matching)} of oneOf")
    return found


def test_the_sample_portfolio_is_valid() -> None:
    document = {"claims": [c.to_dict() for c in load_sample().claims]}
    assert errors(document, SCHEMA) == []
    assert errors(document["claims"], SCHEMA) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims())
def test_any_claim_the_library_writes_is_valid(claim: Claim) -> None:
    data = json.loads(json.dumps(claim.to_dict()))
    assert errors(data, SCHEMA["$defs"]["claim"]) == []


def test_csv_rows_are_valid_and_the_columns_are_in_order() -> None:
    assert list(SCHEMA["$defs"]["csv_row"]["properties"]) == list(CLAIM_FIELDS)
    buffer = io.StringIO()
    write_claims_csv(load_sample().claims, buffer)
    buffer.seek(0)
    for row in csv.DictReader(buffer):
        cells = {k: v for k, v in row.items() if v}
        assert errors(cells, SCHEMA["$defs"]["csv_row"]) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["amount"].update(amount=12.5), "$.amount.amount"),
        (lambda d: d.pop("debtor"), "missing debtor"),
        (lambda d: d.update(issued_on="15/01/2025"), "$.issued_on"),
        (lambda d: d.update(issued_on="9999-12-31"), "$.issued_on"),
        (lambda d: d.update(events=[{"type": "telegram", "on": "2025-01-01"}]), "oneOf"),
        (lambda d: d.update(colour="red"), "unexpected colour"),
    ],
)
def test_invalid_claims_are_caught(change: Any, where: str) -> None:
    data = load_sample().claims[0].to_dict()
    change(data)
    found = errors(data, SCHEMA["$defs"]["claim"])
    assert any(where in f for f in found), found


def test_with_jsonschema_when_installed() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = {"claims": [c.to_dict() for c in load_sample().claims]}
    jsonschema.validate(document, SCHEMA)
