"""Property-based fuzzing of statement and document validation (issue 11, hypothesis): a valid
statement comes back byte-for-byte in format=exact; anything else gets a JSON 4xx, never a 500."""
from __future__ import annotations

import json
import uuid

from hypothesis import HealthCheck, given, settings, strategies as st

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

text = st.text(max_size=40)
iri = st.builds(lambda host, path: f"https://{host}.test/{path}",
                st.from_regex(r"[a-z]{1,10}", fullmatch=True), st.from_regex(r"[a-zA-Z0-9/_-]{0,20}", fullmatch=True))
language_map = st.dictionaries(st.sampled_from(["nl-NL", "en-US", "de", "fy-NL"]), text, min_size=1, max_size=3)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-2**53, 2**53),
                      st.floats(allow_nan=False, allow_infinity=False), text)
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(text, inner, max_size=4)),
                          max_leaves=12)
agent = st.one_of(
    st.builds(lambda name: {"objectType": "Agent", "mbox": f"mailto:{name}@leerpad.test"},
              st.from_regex(r"[a-z]{1,12}", fullmatch=True)),
    st.builds(lambda name, display: {"objectType": "Agent", "name": display,
                                     "account": {"homePage": "https://leerpad.test", "name": name}},
              st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True), text))


@st.composite
def statements(draw) -> dict:
    body = {"id": str(uuid.uuid4()),  # fresh each time: a shrunk example must not meet an earlier one
            "actor": draw(agent), "verb": {"id": draw(iri), "display": draw(language_map)},
            "object": {"objectType": "Activity", "id": draw(iri)}}
    if draw(st.booleans()):
        body["object"]["definition"] = {"name": draw(language_map), "description": draw(language_map)}
    if draw(st.booleans()):
        result = {"response": draw(text), "success": draw(st.booleans()),
                  "extensions": draw(st.dictionaries(iri, json_value, max_size=3))}
        if draw(st.booleans()):
            low = draw(st.floats(-1000, 0))
            result["score"] = {"min": low, "max": low + 10, "raw": low + draw(st.floats(0, 10))}
        body["result"] = result
    if draw(st.booleans()):
        body["context"] = {"registration": str(uuid.uuid4()), "language": "nl-NL",
                           "extensions": draw(st.dictionaries(iri, json_value, max_size=2))}
    return body


def exact(client, headers, statement_id: str) -> dict:
    answer = client.get("/xapi/statements", query_string={"statementId": statement_id, "format": "exact"},
                        headers=headers)
    assert answer.status_code == 200
    return json.loads(answer.get_data(as_text=True))


@SETTINGS
@given(statement=statements())
def test_valid_statements_round_trip_byte_for_byte(client, headers, statement):
    sent = json.dumps(statement, ensure_ascii=False)
    answer = client.post("/xapi/statements", data=sent.encode("utf-8"), headers=headers,
                         content_type="application/json")
    assert answer.status_code == 200, answer.get_json()
    got = exact(client, headers, statement["id"])
    for key, value in statement.items():
        assert json.dumps(got[key], ensure_ascii=False) == json.dumps(value, ensure_ascii=False)


def paths(value, prefix=()):
    """Every path into a JSON value."""
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, prefix + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from paths(inner, prefix + (index,))


def replaced(value, path, new):
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


JUNK = st.one_of(json_value, st.sampled_from(["", "not an iri", "mailto:", -1, 1.5, [], {}, None]))


@SETTINGS
@given(data=st.data())
def test_broken_statements_get_a_json_4xx(client, headers, data):
    statement = data.draw(statements())
    path = data.draw(st.sampled_from(list(paths(statement))))
    body = replaced(statement, path, data.draw(JUNK))
    answer = client.post("/xapi/statements", data=json.dumps(body), headers=headers,
                         content_type="application/json")
    assert answer.status_code in (200, 400, 409), (path, body, answer.get_data(as_text=True))
    if answer.status_code != 200:
        assert answer.get_json()["error"]["message"]


raw_texts = st.one_of(st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                      json_value.map(json.dumps),
                      st.sampled_from(['{"a": 1e999}', '["\\ud800"]', "[" * 100 + "]" * 100, '{"a":NaN}']))


@SETTINGS
@given(body=raw_texts)
def test_any_body_gets_an_answer_not_a_500(client, headers, body):
    for path, params in (("/xapi/statements", {}), ("/xapi/activities/state", {
            "activityId": "https://x.test/a", "stateId": "s",
            "agent": json.dumps({"mbox": "mailto:a@leerpad.test"})})):
        for method in ("POST", "PUT"):
            answer = client.open(path, method=method, data=body.encode("utf-8", "surrogatepass"),
                                 headers=headers, content_type="application/json", query_string=params)
            assert answer.status_code < 500, (path, method, body, answer.get_data(as_text=True))


@SETTINGS
@given(document=st.dictionaries(text, json_value, max_size=5), extra=st.dictionaries(text, json_value, max_size=3))
def test_json_documents_round_trip_and_merge(client, headers, document, extra):
    params = {"activityId": "https://x.test/a", "stateId": str(uuid.uuid4()),
              "agent": json.dumps({"mbox": "mailto:a@leerpad.test"})}
    sent = json.dumps(document).encode()
    assert client.put("/xapi/activities/state", query_string=params, data=sent, headers=headers,
                      content_type="application/json").status_code == 204
    got = client.get("/xapi/activities/state", query_string=params, headers=headers)
    assert got.get_data() == sent
    merged = client.post("/xapi/activities/state", query_string=params, data=json.dumps(extra),
                         headers=headers, content_type="application/json")
    assert merged.status_code == 204
    got = client.get("/xapi/activities/state", query_string=params, headers=headers)
    assert json.loads(got.get_data()) == {**document, **extra}
