"""What the store indexes for the query filters (Communication 2.1.3)."""

import pytest

from tracker.xapi.index_keys import (
    actor_keys, agent_key, is_voiding, object_activity_id, related_activity_ids, related_agent_keys,
    statement_ref_target,
)
from xapi_samples import ACTIVITY_ID, statement, substatement

UUID = "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"


@pytest.mark.parametrize("agent, key", [
    ({"mbox": "mailto:a@x.org", "name": "ignored"}, "mbox:mailto:a@x.org"),
    ({"mbox": "MAILTO:a@x.org"}, "mbox:mailto:a@x.org"),
    ({"mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"}, "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975"),
    ({"openid": "http://o.org/1"}, "openid:http://o.org/1"),
    ({"account": {"homePage": "http://h.org", "name": "n"}}, "account:http://h.org|n"),
    ({"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"}]}, ""),
])
def test_agent_key(agent, key):
    """Agents are the same when their IFI is the same, whatever their names."""
    assert agent_key(agent) == key


def test_actor_keys_are_actor_and_agent_object():
    s = statement(actor={"mbox": "mailto:a@x.org"}, object={"objectType": "Agent", "mbox": "mailto:b@x.org"})
    assert actor_keys(s) == ["mbox:mailto:a@x.org", "mbox:mailto:b@x.org"]
    group = {"objectType": "Group", "openid": "http://g.org", "member": [{"mbox": "mailto:m@x.org"}]}
    assert actor_keys(statement(actor=group)) == ["openid:http://g.org"]


def test_related_agent_keys_cover_context_authority_and_substatement():
    """Communication 2.1.3 related_agents: actor, object, authority, instructor, team and a SubStatement's."""
    s = statement(
        authority={"objectType": "Group", "member": [{"account": {"homePage": "http://h", "name": "c"}},
                                                     {"mbox": "mailto:u@x.org"}]},
        context={"instructor": {"mbox": "mailto:i@x.org"}, "team": {"objectType": "Group", "mbox": "mailto:t@x.org"},
                 "contextAgents": [{"objectType": "contextAgent", "agent": {"mbox": "mailto:ca@x.org"}}]},
        object=substatement(actor={"mbox": "mailto:s@x.org"}, context={"instructor": {"mbox": "mailto:si@x.org"}}))
    keys = related_agent_keys(s)
    for email in ("xapi@adlnet.gov", "u@x.org", "i@x.org", "t@x.org", "ca@x.org", "s@x.org", "si@x.org"):
        assert f"mbox:mailto:{email}" in keys
    assert "account:http://h|c" in keys
    assert len(keys) == len(set(keys))


def test_activity_ids():
    """Communication 2.1.3 related_activities: Object, context Activities and a SubStatement's."""
    s = statement(context={"contextActivities": {"parent": {"id": "http://x.org/p"},
                                                 "category": [{"id": "http://x.org/c"}]}},
                  object=substatement(object={"id": "http://x.org/sub"},
                                      context={"contextActivities": {"grouping": [{"id": "http://x.org/g"}]}}))
    assert object_activity_id(s) is None
    assert related_activity_ids(s) == ["http://x.org/p", "http://x.org/c", "http://x.org/sub", "http://x.org/g"]
    assert object_activity_id(statement()) == ACTIVITY_ID
    assert object_activity_id(statement(object={"id": ACTIVITY_ID})) == ACTIVITY_ID


def test_voiding():
    """Data 2.3.2: a voiding Statement has the verb voided and a StatementRef Object."""
    voiding = statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                        object={"objectType": "StatementRef", "id": UUID})
    assert is_voiding(voiding) and statement_ref_target(voiding) == UUID
    assert not is_voiding(statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"}))
    assert not is_voiding(statement(object={"objectType": "StatementRef", "id": UUID}))
