"""Hostile bodies on every write route, with a manager's key: never a 5xx, and an answer that is
not 2xx has written nothing.

Each example takes a write operation of the OpenAPI document and a body for it: a valid one with
one field replaced or added (NaN, infinities, numbers beyond any range, text with NUL, control
characters and lone surrogates, megabytes of text, nesting deeper than the parser's stack, wrong
types), a random JSON document, or raw bytes that are no JSON at all (bad UTF-8, a bare NaN,
brackets nested a hundred thousand deep). Ranking a shortlist is left out: it loads the
language model, and tests/api/test_schemathesis.py calls it. Bounded (about 100 examples, no
deadline) so that it runs in seconds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import Api
from tests.herne import Herne

EXAMPLES = 100
#: The items of the small Herne programme with its shortlist (tests/herne.py) that paths name.
PATH_PARAMETERS = {
    "challenge": "smart-waste-hunter",
    "number": "1",
    "startup": "einsatzlotse",
    "workshop": "gebaeude-und-wohnungswirtschaft",
    "kind": "challenge",
    "ref": "smart-waste-hunter",
    "event": "1",
}
SKIPPED = {("post", "/challenges/{challenge}/shortlists")}
#: Values for fields whose schema gives no example, so that the base body passes validation.
VALUES = {"reason": "Begründung", "deadline": "2099-01-01", "expected_end": "2099-06-30", "on": "2019-02-02"}

surrogates = st.characters(categories=["Cs"])
text = st.text(st.one_of(st.characters(), surrogates, st.sampled_from("\x00\x1b\u202e\ufeff")), max_size=40)
long_text = st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(1, 300_000)
)
scalars = st.one_of(
    st.floats(),  # NaN and the infinities among them
    st.integers(-(2**80), 2**80),
    st.sampled_from([10**400, -(10**400), 2**53 + 1, 0, -1, True, False, None, "", " "]),
    text,
    long_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
raw = st.sampled_from(
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b"NaN",
        b"-Infinity",
        b"1e99999",
        b"\xff\xfe\x00{",
        b'{"title": "\xc3\x28"}',
        b'"\\ud800"',
        b"9" * 5000,
        b"",
        b"null",
        b"{",
    ]
)


def resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The model a (possibly optional) `$ref` names."""
    for option in schema.get("anyOf", [schema]):
        if "$ref" in option:
            found: dict[str, Any] = document["components"]["schemas"][option["$ref"].rsplit("/", 1)[-1]]
            return found
    return schema


def example(name: str, schema: dict[str, Any], document: dict[str, Any]) -> Any:
    """A value that passes validation for a required field."""
    schema = resolve(schema, document)
    if name in VALUES:
        return VALUES[name]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    if "properties" in schema:
        return base_body(schema, document)
    return {"string": "Text", "integer": 1, "boolean": False, "array": []}.get(schema.get("type", ""), "Text")


def base_body(model: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    properties = model.get("properties", {})
    return {name: example(name, properties[name], document) for name in model.get("required", [])}


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every write operation: method, path with the Herne items filled in, the body's model."""
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method not in ("post", "patch") or (method, path) in SKIPPED:
                continue
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            found.append((method, path.format(**PATH_PARAMETERS), resolve(schema, document)))
    return found


@st.composite
def requests(draw: st.DrawFn, document: dict[str, Any]) -> tuple[str, str, bytes]:
    method, path, model = draw(st.sampled_from(operations(document)))
    shape = draw(st.sampled_from(["field", "field", "field", "extra", "document", "raw"]))  # mostly valid
    if shape == "raw":
        return method, path, draw(raw)
    if shape == "document":
        body: Any = draw(values)
    else:
        body = base_body(model, document)
        fields = sorted(model.get("properties", {})) or ["x"]
        name = draw(st.sampled_from(fields) if shape == "field" else text)
        body[name] = draw(st.one_of(text, scalars, values))  # text twice as often: it reaches the domain
    ascii_only = draw(st.booleans())
    encoded = json.dumps(body, allow_nan=True, ensure_ascii=ascii_only)
    return method, path, encoded.encode("utf-8", "surrogatepass")


@pytest.fixture
def shortlisted(api: Api) -> Api:
    Herne(api.store).small_programme_shortlisted()
    return api


def test_hostile_bodies_never_crash_the_api_nor_write(shortlisted: Api) -> None:
    document = shortlisted.get("/openapi.json", key=None).json()
    assert len(operations(document)) > 20
    answered: dict[int, int] = {}

    @given(request=requests(document))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answers_without_crashing(request: tuple[str, str, bytes]) -> None:
        method, path, body = request
        before = shortlisted.events()
        response = shortlisted.call(
            method.upper(), path, content=body, headers={"Content-Type": "application/json"}
        )
        answered[response.status_code] = answered.get(response.status_code, 0) + 1
        assert response.status_code < 500, (method, path, body[:200], response.text)
        if not 200 <= response.status_code < 300:
            assert shortlisted.events() == before, (method, path, body[:200], response.text)
            detail = response.json()["detail"]
            assert detail and all({"loc", "msg", "type"} == set(item) for item in detail), response.text

    answers_without_crashing()
    assert set(answered) & {422}, answered
