"""The learner policy's checks called directly (the API tests cover the same rules end to end)."""
from __future__ import annotations

import json

import pytest

from learner_samples import COMPLETED, MODULE, SHARED, TECHNIEK, VOIDED, ZORG, statement
from tracker.learners.policy import check_state, check_statement_query, check_statement_writes
from tracker.learners.sign_in import TOKEN_SCOPES, learner_actor
from tracker.learners.state import learner_state
from tracker.storage import Credential
from tracker.xapi.errors import XAPIError

HOME = "https://tracker.test.invalid"
ANNA, BERT = learner_actor(HOME, "a1"), learner_actor(HOME, "b2")


def token(actor: dict = ANNA, portal: str = "zorg") -> Credential:
    return Credential(1, "k", "sha256", "learner", "learner", TOKEN_SCOPES, actor,
                      actor["account"]["name"], portal, "2026-01-01T00:00:00.000000Z", None, None)


@pytest.fixture
def portals(app, loaded):
    with app.app_context():
        yield learner_state().portals


def refused(call, *args) -> str:
    with pytest.raises(XAPIError) as caught:
        call(*args)
    assert caught.value.status == 403
    return caught.value.message


def test_own_statements_pass(portals):
    rules = portals.rules("zorg")
    check_statement_writes(token(), rules, portals, [statement(ANNA), statement(ANNA, SHARED, ZORG)])
    check_statement_writes(token(), rules, portals, statement(dict(ANNA, objectType="Agent")))
    check_statement_writes(token(), rules, portals, statement({"account": ANNA["account"]}))


def test_each_rule_refuses_with_its_field(portals):
    rules = portals.rules("zorg")
    assert "statement.actor" in refused(check_statement_writes, token(), rules, portals, statement(BERT))
    assert "statements[1].verb" in refused(check_statement_writes, token(), rules, portals,
                                           [statement(ANNA), statement(ANNA, VOIDED)])
    assert "is not a verb" in refused(check_statement_writes, token(), rules, portals,
                                      statement(ANNA, "http://adlnet.gov/expapi/verbs/mastered"))
    assert "is not an activity" in refused(check_statement_writes, token(), rules, portals,
                                           statement(ANNA, COMPLETED, TECHNIEK))
    no_verb = statement(ANNA)
    del no_verb["verb"]
    assert "verb" in refused(check_statement_writes, token(), rules, portals, no_verb)


def test_the_token_portal_decides_not_the_statement(portals):
    techniek = token(portal="techniek")
    rules = portals.rules("techniek")
    check_statement_writes(techniek, rules, portals, statement(ANNA, COMPLETED, TECHNIEK))
    assert "object.id" in refused(check_statement_writes, techniek, rules, portals, statement(ANNA))


def test_query_parameters():
    check_statement_query(token(), {})
    check_statement_query(token(), {"agent": json.dumps(ANNA), "related_agents": "false"})
    assert "own statements" in refused(check_statement_query, token(), {"agent": json.dumps(BERT)})
    assert "related_agents" in refused(check_statement_query, token(), {"related_agents": "TRUE"})


def test_state_parameters(portals):
    check_state(token(), portals, {"agent": json.dumps(ANNA), "activityId": MODULE})
    assert "agent" in refused(check_state, token(), portals, {"activityId": MODULE})
    assert "agent" in refused(check_state, token(), portals,
                              {"agent": json.dumps(BERT), "activityId": MODULE})
    assert "activityId" in refused(check_state, token(), portals,
                                   {"agent": json.dumps(ANNA), "activityId": TECHNIEK})
