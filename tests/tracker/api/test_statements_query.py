"""Statement queries: filters, formats, ordering, `more` paging (Communication 2.1.3)."""
from __future__ import annotations

import json
import uuid

from tracker_samples import ACTIVITY, VERB, agent, statement, voiding

OTHER = "https://leerpad.test/modules/ehbo"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"


def post(client, headers, body):
    response = client.post("/xapi/statements", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def query(client, headers, **params):
    response = client.get("/xapi/statements", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response


def ids(response):
    return [s["id"] for s in response.get_json()["statements"]]


def test_result_object_and_consistent_through(client, headers):
    """Communication 2.1.3: a StatementResult with `statements` and `more`, and the
    X-Experience-API-Consistent-Through header."""
    post(client, headers, statement())
    response = query(client, headers)
    body = response.get_json()
    assert set(body) == {"statements", "more"} and body["more"] == ""
    assert response.headers["X-Experience-API-Consistent-Through"].endswith("Z")


def test_newest_first_unless_ascending(client, headers):
    """Communication 2.1.3: ordered by stored, newest first; ascending=true reverses."""
    first = post(client, headers, statement())[0]
    second = post(client, headers, statement())[0]
    assert ids(query(client, headers)) == [second, first]
    assert ids(query(client, headers, ascending="true")) == [first, second]


def test_agent_filter_matches_actor_and_object(client, headers):
    mine = post(client, headers, statement("anna"))[0]
    about_me = statement("bert")
    about_me["object"] = agent("anna")
    object_match = post(client, headers, about_me)[0]
    post(client, headers, statement("carl"))
    found = ids(query(client, headers, agent=json.dumps(agent("anna"))))
    assert sorted(found) == sorted([mine, object_match])


def test_related_agents_includes_context_instructor(client, headers):
    body = statement("bert", context={"instructor": agent("anna")})
    sid = post(client, headers, body)[0]
    assert ids(query(client, headers, agent=json.dumps(agent("anna")))) == []
    assert ids(query(client, headers, agent=json.dumps(agent("anna")), related_agents="true")) == [sid]


def test_verb_filter(client, headers):
    done = post(client, headers, statement())[0]
    post(client, headers, statement(verb=ATTEMPTED))
    assert ids(query(client, headers, verb=VERB)) == [done]


def test_activity_and_related_activities(client, headers):
    direct = post(client, headers, statement(activity=ACTIVITY))[0]
    parent = {"contextActivities": {"parent": [{"id": ACTIVITY}]}}
    related = post(client, headers, statement(activity=OTHER, context=parent))[0]
    assert ids(query(client, headers, activity=ACTIVITY)) == [direct]
    assert ids(query(client, headers, activity=ACTIVITY, related_activities="true")) == [related, direct]


def test_registration_filter(client, headers):
    registration = str(uuid.uuid4())
    sid = post(client, headers, statement(context={"registration": registration}))[0]
    post(client, headers, statement())
    assert ids(query(client, headers, registration=registration)) == [sid]


def test_since_and_until_on_stored(client, headers):
    first = post(client, headers, statement())[0]
    stored = query(client, headers, statementId=first).get_json()["stored"]
    second = post(client, headers, statement())[0]
    assert ids(query(client, headers, since=stored)) == [second]
    assert ids(query(client, headers, until=stored)) == [first]


def test_limit_and_more_are_stable_while_statements_arrive(client, headers):
    """Communication 2.1.3: `more` is a relative URL; paging neither skips nor repeats
    statements when new ones arrive in between."""
    sent = [post(client, headers, statement())[0] for _ in range(5)]
    page = query(client, headers, limit="2").get_json()
    seen = [s["id"] for s in page["statements"]]
    assert page["more"].startswith("/xapi/statements?more=")
    post(client, headers, statement())  # arrives while paging
    while page["more"]:
        page = client.get(page["more"], headers=headers).get_json()
        seen += [s["id"] for s in page["statements"]]
    assert seen == list(reversed(sent))


def test_more_keeps_filters(client, headers):
    wanted = [post(client, headers, statement(verb=ATTEMPTED))[0] for _ in range(3)]
    post(client, headers, statement())
    page = query(client, headers, verb=ATTEMPTED, limit="1", ascending="true").get_json()
    seen = [s["id"] for s in page["statements"]]
    while page["more"]:
        page = client.get(page["more"], headers=headers).get_json()
        seen += [s["id"] for s in page["statements"]]
    assert seen == wanted


def test_forged_more_is_400(client, headers):
    response = client.get("/xapi/statements?more=abc.def", headers=headers)
    assert response.status_code == 400


def test_format_ids(client, headers):
    """Communication 2.1.3: format=ids returns only ids for activities, verbs and agents."""
    body = statement()
    body["actor"]["name"] = "Anna"
    body["object"]["definition"] = {"name": {"nl-NL": "Veiligheid"}}
    sid = post(client, headers, body)[0]
    got = query(client, headers, statementId=sid, format="ids").get_json()
    assert "name" not in got["actor"] and "definition" not in got["object"]
    assert "display" not in got["verb"]


def test_format_canonical_picks_language(client, headers):
    body = statement()
    body["object"]["definition"] = {"name": {"nl-NL": "Veiligheid", "en-US": "Safety"}}
    sid = post(client, headers, body)[0]
    response = client.get("/xapi/statements", query_string={"statementId": sid, "format": "canonical"},
                          headers={**headers, "Accept-Language": "nl-NL"})
    assert response.get_json()["object"]["definition"]["name"] == {"nl-NL": "Veiligheid"}


def test_voiding_statement_is_returned_and_target_hidden(client, headers):
    target = post(client, headers, statement())[0]
    voider = post(client, headers, voiding(target))[0]
    assert ids(query(client, headers)) == [voider]


def test_head_has_headers_and_no_body(client, headers):
    """Communication 1.1: HEAD answers like GET without a body."""
    post(client, headers, statement())
    response = client.head("/xapi/statements", headers=headers)
    assert response.status_code == 200 and response.data == b""
    assert "X-Experience-API-Consistent-Through" in response.headers


def test_single_statement_has_last_modified(client, headers):
    sid = post(client, headers, statement())[0]
    assert "Last-Modified" in query(client, headers, statementId=sid).headers


def test_bad_query_values_are_400(client, headers):
    for params in ({"agent": "{not json"}, {"agent": json.dumps({"name": "no ifi"})},
                   {"verb": "not an iri"}, {"registration": "nope"}, {"since": "yesterday"},
                   {"limit": "-1"}, {"format": "full"}, {"ascending": "maybe"},
                   {"statementId": "x"}, {"unknown": "1"},
                   {"statementId": str(uuid.uuid4()), "voidedStatementId": str(uuid.uuid4())},
                   {"statementId": str(uuid.uuid4()), "verb": VERB}):
        response = client.get("/xapi/statements", query_string=params, headers=headers)
        assert response.status_code == 400, params
        assert response.get_json()["error"]["message"]


def test_unknown_statement_is_404(client, headers):
    response = client.get("/xapi/statements", query_string={"statementId": str(uuid.uuid4())},
                          headers=headers)
    assert response.status_code == 404


def test_limit_zero_means_server_maximum(client, headers):
    post(client, headers, [statement() for _ in range(3)])
    assert len(ids(query(client, headers, limit="0"))) == 3


def test_statement_refs_match_through_their_target(client, headers):
    """Communication 2.1.3 (Filter Conditions for StatementRefs): a statement targeting a matching
    statement matches too, recursively; the voiding statement of a voided match is returned."""
    target = post(client, headers, statement(verb=ATTEMPTED))[0]
    ref = statement(verb=VERB)
    ref["object"] = {"objectType": "StatementRef", "id": target}
    referring = post(client, headers, ref)[0]
    ref2 = statement(verb=VERB)
    ref2["object"] = {"objectType": "StatementRef", "id": referring}
    second = post(client, headers, ref2)[0]
    post(client, headers, statement(verb=VERB))
    assert ids(query(client, headers, verb=ATTEMPTED)) == [second, referring, target]
    voider = post(client, headers, voiding(target))[0]
    assert ids(query(client, headers, verb=ATTEMPTED)) == [voider, second, referring]
