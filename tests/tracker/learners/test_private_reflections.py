"""Private reflections (Leerpad policy, docs/xapi.md "Privacy"): only the owner's token reads them until shared."""
from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from learner_samples import MODULE, REFLECTED, REFLECTION, share, statement
from tracker.services.privacy import VISIBILITY
from tracker.storage.schema import statement_shares, statements
from tracker_samples import make_headers, voiding

XAPI = "/xapi/statements"


def reflection(actor: dict, text: str, visibility: str = "private") -> dict:
    return statement(actor, REFLECTED, REFLECTION, id=str(uuid.uuid4()),
                     result={"response": text, "extensions": {VISIBILITY: visibility}})


def post(client, headers, body):
    answer = client.post(XAPI, json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer


def ids(client, headers, **params) -> list[str]:
    """Every statement id a query returns, following `more` to the end."""
    found, answer = [], client.get(XAPI, query_string=params, headers=headers).get_json()
    while True:
        found += [s["id"] for s in answer["statements"]]
        if not answer["more"]:
            return found
        answer = client.get(answer["more"], headers=headers).get_json()


def get_one(client, headers, statement_id: str):
    return client.get(XAPI, query_string={"statementId": statement_id}, headers=headers)


def stored_rows(app) -> dict[str, tuple]:
    with app.extensions["tracker"].engine.connect() as conn:
        return {r.statement_id: (r.body, r.stored, r.verb_id, r.voided) for r in conn.execute(
            select(statements.c.statement_id, statements.c.body, statements.c.stored,
                   statements.c.verb_id, statements.c.voided))}


@pytest.fixture
def coach(app):
    """A coach dashboard: a Basic credential that may read every statement."""
    return make_headers(app, "statements/read", name="coach dashboard")


@pytest.fixture
def anna(sign_in):
    return sign_in("Anna")


def test_coach_does_not_see_a_private_reflection(client, anna, coach, headers):
    opened = post(client, anna["headers"], statement(anna["actor"])).get_json()[0]
    private = reflection(anna["actor"], "Ik was onzeker bij de overdracht.")
    post(client, anna["headers"], private)
    for reader in (coach, headers):  # a statements/read coach, and an `all` operator credential
        assert ids(client, reader) == [opened]
        assert ids(client, reader, agent=json.dumps(anna["actor"])) == [opened]
        assert ids(client, reader, activity=REFLECTION) == []
        assert ids(client, reader, verb=REFLECTED) == []
        assert ids(client, reader, activity=MODULE, related_activities="true") == [opened]
        missing = get_one(client, reader, private["id"])
        assert missing.status_code == 404 and "Ik was" not in missing.get_data(as_text=True)
        for fmt in ("ids", "canonical"):
            text = client.get(XAPI, query_string={"format": fmt}, headers=reader).get_data(as_text=True)
            assert "Ik was" not in text and private["id"] not in text
        multipart = client.get(XAPI, query_string={"attachments": "true"}, headers=reader)
        assert multipart.status_code == 200 and "Ik was" not in multipart.get_data(as_text=True)


def test_owner_always_sees_their_own(client, anna):
    private = reflection(anna["actor"], "Alleen voor mij.")
    post(client, anna["headers"], private)
    assert ids(client, anna["headers"]) == [private["id"]]
    assert ids(client, anna["headers"], agent=json.dumps(anna["actor"]), verb=REFLECTED) == [private["id"]]
    one = get_one(client, anna["headers"], private["id"])
    assert one.status_code == 200 and one.get_json()["result"]["response"] == "Alleen voor mij."


def test_more_pages_skip_private_statements_and_stay_exact(client, anna, coach):
    """limit and `more` hold for the coach: private ones are skipped in SQL, not after the page."""
    sent = []
    for n in range(7):
        body = reflection(anna["actor"], f"tekst {n}") if n % 2 else dict(statement(anna["actor"]),
                                                                         id=str(uuid.uuid4()))
        post(client, anna["headers"], body)
        sent.append(body["id"])
    public = [i for n, i in enumerate(sent) if n % 2 == 0]
    first = client.get(XAPI, query_string={"limit": 2, "ascending": "true"}, headers=coach).get_json()
    assert [s["id"] for s in first["statements"]] == public[:2] and first["more"]
    assert ids(client, coach, limit=1, ascending="true") == public
    assert ids(client, anna["headers"], limit=1, ascending="true") == sent


def test_a_learners_cursor_opens_nothing_private_to_another_reader(client, anna, coach):
    """A `more` URL is bound to its query, never to the reader: the coach following Anna's sees no private text."""
    for n in range(3):
        post(client, anna["headers"], reflection(anna["actor"], f"geheim {n}"))
    more = client.get(XAPI, query_string={"limit": 1}, headers=anna["headers"]).get_json()["more"]
    assert more
    answer = client.get(urlsplit(more).path + "?" + urlsplit(more).query, headers=coach)
    assert answer.status_code == 200 and answer.get_json()["statements"] == []


def test_sharing_makes_it_visible_to_the_coach_and_changes_nothing_stored(app, client, anna, coach):
    private = reflection(anna["actor"], "Ik wil dit met mijn coach bespreken.")
    other = reflection(anna["actor"], "Dit houd ik voor mezelf.")
    post(client, anna["headers"], [private, other])
    before = stored_rows(app)
    sharing = share(anna["actor"], private["id"])
    post(client, anna["headers"], sharing)
    assert set(ids(client, coach)) == {private["id"], sharing["id"]}
    one = get_one(client, coach, private["id"])
    assert one.status_code == 200 and one.get_json()["result"]["response"] == "Ik wil dit met mijn coach bespreken."
    assert get_one(client, coach, other["id"]).status_code == 404
    after = stored_rows(app)
    assert {k: after[k] for k in before} == before  # same body, stored, verb; nothing voided
    assert set(after) - set(before) == {sharing["id"]}


def test_coach_never_sees_another_learners_private_reflection(client, sign_in, anna, coach):
    bert = sign_in("Bert")
    annas, berts = reflection(anna["actor"], "Anna deelt."), reflection(bert["actor"], "Bert niet.")
    post(client, anna["headers"], annas)
    post(client, bert["headers"], berts)
    post(client, anna["headers"], share(anna["actor"], annas["id"]))
    assert annas["id"] in ids(client, coach) and berts["id"] not in ids(client, coach)
    assert get_one(client, coach, berts["id"]).status_code == 404
    assert get_one(client, bert["headers"], annas["id"]).status_code == 404  # learners read only their own
    assert berts["id"] not in ids(client, anna["headers"])


def test_a_second_learner_cannot_share_the_first_ones_reflection(app, client, sign_in, anna, coach):
    bert = sign_in("Bert")
    private = reflection(anna["actor"], "Van Anna.")
    post(client, anna["headers"], private)
    before = stored_rows(app)
    for body in (share(bert["actor"], private["id"]),
                 [reflection(bert["actor"], "eigen"), share(bert["actor"], private["id"])]):
        answer = client.post(XAPI, json=body, headers=bert["headers"])
        assert answer.status_code == 403, answer.get_json()
        message = answer.get_json()["error"]["message"]
        assert message.startswith("learner token:") and "context.statement.id" in message
    assert stored_rows(app) == before
    assert get_one(client, coach, private["id"]).status_code == 404


def test_a_share_written_by_another_credential_shares_nothing(client, anna, coach, headers):
    """An `all` credential can write a `shared` statement naming Anna as actor; it unlocks nothing."""
    private = reflection(anna["actor"], "Niet voor de beheerder.")
    post(client, anna["headers"], private)
    post(client, headers, share(anna["actor"], private["id"]))
    assert get_one(client, coach, private["id"]).status_code == 404
    assert private["id"] not in ids(client, headers)


def test_a_share_that_arrives_first_takes_effect_when_the_reflection_arrives(client, anna, coach):
    private = reflection(anna["actor"], "Later aangekomen.")
    post(client, anna["headers"], share(anna["actor"], private["id"]))  # unknown id: accepted
    assert get_one(client, coach, private["id"]).status_code == 404
    post(client, anna["headers"], private)
    assert get_one(client, coach, private["id"]).status_code == 200
    batch = [share(anna["actor"], (late := reflection(anna["actor"], "zelfde batch"))["id"]), late]
    post(client, anna["headers"], batch)
    assert get_one(client, coach, late["id"]).status_code == 200


def test_voiding_the_share_makes_it_private_again(client, anna, coach, headers):
    private = reflection(anna["actor"], "Toch niet delen.")
    post(client, anna["headers"], private)
    sharing = share(anna["actor"], private["id"])
    post(client, anna["headers"], sharing)
    assert get_one(client, coach, private["id"]).status_code == 200
    post(client, headers, voiding(sharing["id"]))
    assert get_one(client, coach, private["id"]).status_code == 404
    assert private["id"] not in ids(client, coach)
    assert get_one(client, anna["headers"], private["id"]).status_code == 200


def test_a_voided_private_statement_stays_private(client, anna, coach, headers):
    private = reflection(anna["actor"], "Ingetrokken.")
    post(client, anna["headers"], private)
    voider = post(client, headers, voiding(private["id"])).get_json()[0]
    answer = client.get(XAPI, query_string={"voidedStatementId": private["id"]}, headers=coach)
    assert answer.status_code == 404
    owner = client.get(XAPI, query_string={"voidedStatementId": private["id"]}, headers=anna["headers"])
    assert owner.status_code == 200
    # The voiding statement is visible, but a filter does not match it through the private target.
    assert voider in ids(client, coach)
    assert ids(client, coach, activity=REFLECTION) == [] and ids(client, coach, verb=REFLECTED) == []


def test_shared_and_unmarked_statements_are_not_private(client, anna, coach):
    marked_shared = reflection(anna["actor"], "Open.", visibility="shared")
    unmarked = statement(anna["actor"], REFLECTED, REFLECTION, id=str(uuid.uuid4()),
                         result={"response": "Zonder markering."})
    post(client, anna["headers"], [marked_shared, unmarked])
    assert set(ids(client, coach)) == {marked_shared["id"], unmarked["id"]}


def test_purge_removes_the_shares_of_the_learner(app, client, runner, anna):
    private = reflection(anna["actor"], "Weg ermee.")
    post(client, anna["headers"], [private, share(anna["actor"], private["id"])])
    result = runner.invoke(args=["learners", "remove", anna["learner"]["id"], "--purge", "--json"])
    assert result.exit_code == 0, result.output
    with app.extensions["tracker"].engine.connect() as conn:
        assert conn.execute(select(statement_shares)).all() == []
    assert stored_rows(app) == {}
