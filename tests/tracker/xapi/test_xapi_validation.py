"""Statement validation against xAPI Data 2.4 (1.0.3) and IEEE 9274.1.1 (2.0.0).

Cases mirror the ADL LRS conformance suite (test/v1_0_3 and test/v2_0 configs): each invalid
Statement must be refused with a message that names the offending JSON path.
"""

import pytest

from tracker.xapi.errors import XAPIError
from tracker.xapi.validation import validate_activity_id, validate_agent, validate_statement, validate_statements
from xapi_samples import ACTIVITY_ID, attachment, statement, substatement

UUID = "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
SHA1 = "cd9b00a5611f94eaa7b1661edab976068e364975"
ACCOUNT = {"homePage": "http://www.example.com", "name": "xAPI account name"}
GROUP = {"objectType": "Group", "name": "g", "mbox": "mailto:g@example.com",
         "member": [{"mbox": "mailto:a@example.com"}]}
OAUTH_GROUP = {"objectType": "Group", "member": [
    {"account": {"homePage": "http://example.com/xAPI/OAuth/Token", "name": "oauth_consumer_x75db"}},
    {"mbox": "mailto:bob@example.com"}]}
CHOICE = {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
          "correctResponsesPattern": ["golf[,]tetris"],
          "choices": [{"id": "golf", "description": {"en-US": "Golf"}}, {"id": "tetris"}]}
CONTEXT_AGENTS = [{"objectType": "contextAgent", "agent": {"mbox": "mailto:p1@example.com"},
                   "relevantTypes": ["https://example.com/types/player"]}]
CONTEXT_GROUPS = [{"objectType": "contextGroup", "group": GROUP}]


def activity(**definition) -> dict:
    return {"objectType": "Activity", "id": ACTIVITY_ID, "definition": definition}


VALID = [
    ("minimal", statement()),
    ("actor without objectType", statement(actor={"mbox": "mailto:a@example.com"})),
    ("actor mbox_sha1sum upper-case hex", statement(actor={"mbox_sha1sum": SHA1.upper()})),
    ("actor openid", statement(actor={"openid": "http://openid.example.org/12345"})),
    ("actor account", statement(actor={"account": ACCOUNT})),
    ("actor identified group without members", statement(actor={"objectType": "Group", "mbox": "mailto:g@x.org"})),
    ("actor anonymous group", statement(actor={"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"}]})),
    ("id upper-case UUID", statement(id="AA97B177-9383-4934-8543-0F91A7A02836")),
    ("verb without display", statement(verb={"id": "http://adlnet.gov/expapi/verbs/attended"})),
    ("language tags de, zh-Hant, sr-Latn-RS, es-419, tlh", statement(
        verb={"id": "http://x.org/v", "display": {"de": "a", "zh-Hant": "b", "sr-Latn-RS": "c", "es-419": "d",
                                                   "tlh": "e", "zh-Hans-CN": "f", "x-private": "g", "i-klingon": "h"}})),
    ("object without objectType is an Activity", statement(object={"id": ACTIVITY_ID})),
    ("object Agent", statement(object={"objectType": "Agent", "mbox": "mailto:a@x.org"})),
    ("object Group", statement(object=GROUP)),
    ("object StatementRef", statement(object={"objectType": "StatementRef", "id": UUID})),
    ("object SubStatement", statement(object=substatement())),
    ("choice interaction", statement(object=activity(**CHOICE))),
    ("matching interaction", statement(object=activity(interactionType="matching", source=[{"id": "a"}],
                                                       target=[{"id": "1"}], correctResponsesPattern=["a[.]1"]))),
    ("empty extensions and null extension value", statement(
        object=activity(extensions={}), result={"extensions": {"http://example.com/null": None}},
        context={"extensions": {"http://example.com/e": ""}})),
    ("full result", statement(result={"score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
                                      "success": True, "completion": False, "response": "r",
                                      "duration": "PT1H0M0S"})),
    ("duration beyond 0.01 s", statement(result={"duration": "P1DT12H36M0.12567S"})),
    ("duration in weeks", statement(result={"duration": "P3W"})),
    ("scaled -1 and 1", statement(result={"score": {"scaled": -1}})),
    ("full context", statement(context={
        "registration": UUID, "instructor": {"mbox": "mailto:i@x.org"}, "team": GROUP,
        "contextActivities": {"parent": {"id": ACTIVITY_ID}, "grouping": [{"id": ACTIVITY_ID}],
                              "category": [], "other": [{"objectType": "Activity", "id": ACTIVITY_ID}]},
        "revision": "rev_10_3_2", "platform": "p", "language": "cmn",
        "statement": {"objectType": "StatementRef", "id": UUID}})),
    ("timestamp with Z, +00:00, +0530, and none (1.0.3)", statement(timestamp="2008-09-15T15:53:00.601+00:00")),
    ("stored set by the client", statement(stored="2013-05-18T05:32:34.804Z")),
    ("authority agent", statement(authority={"objectType": "Agent", "mbox": "mailto:a@x.org"})),
    ("authority OAuth group of two", statement(authority=OAUTH_GROUP)),
    ("version 1.0, 1.0.9", statement(version="1.0.9")),
    ("attachments empty", statement(attachments=[])),
    ("attachment with fileUrl", statement(attachments=[attachment(fileUrl="http://over.there.com/file.txt")])),
    ("unicode everywhere", statement(verb={"id": "http://x.org/ünï", "display": {"ja": "昼食"}})),
]


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
@pytest.mark.parametrize("name, data", VALID, ids=[case[0] for case in VALID])
def test_valid_statements_are_accepted(name, data, version):
    """Data 2.4: odd-but-valid Statements (per the conformance suite) must be accepted in both versions."""
    validate_statement(data, version)


INVALID = [
    # (name, statement, path that the message must name)
    ("not an object", [], "statement"),
    ("no actor", statement(actor=None), "statement.actor"),
    ("no verb", statement(verb=None), "statement.verb"),
    ("no object", statement(object=None), "statement.object"),
    ("key in wrong case", {**statement(), "Version": "1.0.0"}, "statement.Version"),
    ("unknown top-level key", {**statement(), "foo": 1}, "statement.foo"),
    ("id not a UUID (too many digits)", statement(id="AA97B177-9383-4934-8543-0F91A7A028368"), "statement.id"),
    ("id non-hex letter", statement(id="MA97B177-9383-4934-8543-0F91A7A02836"), "statement.id"),
    ("id numeric", statement(id=12345), "statement.id"),
    ("actor two IFIs", statement(actor={"mbox": "mailto:a@x.org", "openid": "http://o.org/1"}), "statement.actor"),
    ("actor no IFI", statement(actor={"objectType": "Agent", "name": "n"}), "statement.actor"),
    ("actor objectType wrong", statement(actor={"objectType": "agent", "mbox": "mailto:a@x.org"}),
     "statement.actor.objectType"),
    ("mbox not mailto", statement(actor={"mbox": "http://should.fail.com"}), "statement.actor.mbox"),
    ("mbox without address", statement(actor={"mbox": "mailto:should.fail.com"}), "statement.actor.mbox"),
    ("mbox_sha1sum object", statement(actor={"mbox_sha1sum": {"key": "value"}}), "statement.actor.mbox_sha1sum"),
    ("mbox_sha1sum not hex", statement(actor={"mbox_sha1sum": "xyz"}), "statement.actor.mbox_sha1sum"),
    ("openid not a URI", statement(actor={"openid": "ab=c://should.fail.com"}), "statement.actor.openid"),
    ("account no homePage", statement(actor={"account": {"name": "n"}}), "statement.actor.account.homePage"),
    ("account no name", statement(actor={"account": {"homePage": "http://x.org"}}), "statement.actor.account.name"),
    ("account name object", statement(actor={"account": {"homePage": "http://x.org", "name": {"k": 1}}}),
     "statement.actor.account.name"),
    ("account homePage not IRL", statement(actor={"account": {"homePage": "ab=c://x", "name": "n"}}),
     "statement.actor.account.homePage"),
    ("anonymous group without members", statement(actor={"objectType": "Group", "name": "g"}),
     "statement.actor.member"),
    ("group member is a group", statement(actor={"objectType": "Group", "member": [GROUP]}),
     "statement.actor.member[0]"),
    ("actor name numeric", statement(actor={"mbox": "mailto:a@x.org", "name": 123}), "statement.actor.name"),
    ("verb no id", statement(verb={"display": {"en": "x"}}), "statement.verb.id"),
    ("verb id without scheme", statement(verb={"id": "attended"}), "statement.verb.id"),
    ("verb display not a map", statement(verb={"id": "http://x.org/v", "display": "x"}), "statement.verb.display"),
    ("verb display tag 'something'", statement(verb={"id": "http://x.org/v", "display": {"something": "x"}}),
     "statement.verb.display.something"),
    ("verb display tag 'en-something-AU'", statement(verb={"id": "http://x.org/v", "display": {"en-something-AU": "x"}}),
     "statement.verb.display.en-something-AU"),
    ("verb display duplicate singleton", statement(verb={"id": "http://x.org/v", "display": {"zh-z-aaa-z-bbb-c-ccc": "x"}}),
     "statement.verb.display.zh-z-aaa-z-bbb-c-ccc"),
    ("verb display value not a string", statement(verb={"id": "http://x.org/v", "display": {"en": 1}}),
     "statement.verb.display.en"),
    ("object objectType unknown", statement(object={"objectType": "Thing", "id": ACTIVITY_ID}),
     "statement.object.objectType"),
    ("activity without id", statement(object={"objectType": "Activity"}), "statement.object.id"),
    ("activity id not an IRI", statement(object={"id": "not an iri"}), "statement.object.id"),
    ("object Agent without objectType", statement(object={"mbox": "mailto:a@x.org"}), "statement.object.objectType"),
    ("definition moreInfo null", statement(object=activity(moreInfo=None)), "statement.object.definition.moreInfo"),
    ("definition type not IRI", statement(object=activity(type="meeting")), "statement.object.definition.type"),
    ("definition unknown key", statement(object=activity(colour="red")), "statement.object.definition.colour"),
    ("definition name string", statement(object=activity(name="x")), "statement.object.definition.name"),
    ("interactionType wrong case", statement(object=activity(**{**CHOICE, "interactionType": "choiCe"})),
     "statement.object.definition.interactionType"),
    ("choices without interactionType", statement(object=activity(choices=[{"id": "a"}])),
     "statement.object.definition.interactionType"),
    ("scale on a choice", statement(object=activity(**CHOICE, scale=[{"id": "1"}])),
     "statement.object.definition.scale"),
    ("component id repeated", statement(object=activity(interactionType="choice", choices=[{"id": "a"}, {"id": "a"}])),
     "statement.object.definition.choices[1].id"),
    ("component description bad tag", statement(object=activity(
        interactionType="likert", scale=[{"id": "1", "description": {"something": "x"}}])),
     "statement.object.definition.scale[0].description.something"),
    ("correctResponsesPattern not array", statement(object=activity(interactionType="other",
                                                                     correctResponsesPattern="x")),
     "statement.object.definition.correctResponsesPattern"),
    ("extension key not IRI", statement(object=activity(extensions={"key": 1})),
     "statement.object.definition.extensions.key"),
    ("StatementRef without id", statement(object={"objectType": "StatementRef"}), "statement.object.id"),
    ("StatementRef id bad", statement(object={"objectType": "StatementRef", "id": "x"}), "statement.object.id"),
    ("SubStatement with id", statement(object={**substatement(), "id": UUID}), "statement.object.id"),
    ("SubStatement with stored", statement(object={**substatement(), "stored": "2013-05-18T05:32:34.804Z"}),
     "statement.object.stored"),
    ("SubStatement nested", statement(object=substatement(object=substatement())),
     "statement.object.object.objectType"),
    ("SubStatement bad actor", statement(object=substatement(actor={"mbox": "x"})), "statement.object.actor.mbox"),
    ("SubStatement timestamp -00:00", statement(object=substatement(timestamp="2008-09-15T15:53:00.601-00:00")),
     "statement.object.timestamp"),
    ("score max a string", statement(result={"score": {"max": "100"}}), "statement.result.score.max"),
    ("score scaled above 1", statement(result={"score": {"scaled": 1.01}}), "statement.result.score.scaled"),
    ("score raw below min", statement(result={"score": {"raw": -1, "min": 0, "max": 10}}), "statement.result.score.raw"),
    ("score raw above max", statement(result={"score": {"raw": 11, "min": 0, "max": 10}}), "statement.result.score.raw"),
    ("score min above max", statement(result={"score": {"min": 10, "max": 0}}), "statement.result.score.min"),
    ("success a string", statement(result={"success": "false"}), "statement.result.success"),
    ("completion a number", statement(result={"completion": 1}), "statement.result.completion"),
    ("response a number", statement(result={"response": 1}), "statement.result.response"),
    ("duration alternative format", statement(result={"duration": "P0003-02-01T00:00:00"}),
     "statement.result.duration"),
    ("duration empty P", statement(result={"duration": "P"}), "statement.result.duration"),
    ("duration dangling T", statement(result={"duration": "P1DT"}), "statement.result.duration"),
    ("result extension key not IRI", statement(result={"extensions": {"a b": 1}}), "statement.result.extensions"),
    ("registration not UUID", statement(context={"registration": "x"}), "statement.context.registration"),
    ("registration numeric", statement(context={"registration": 12345}), "statement.context.registration"),
    ("team is an Agent", statement(context={"team": {"mbox": "mailto:a@x.org"}}), "statement.context.team"),
    ("instructor invalid", statement(context={"instructor": {"key": "x"}}), "statement.context.instructor.key"),
    ("revision with Agent object", statement(object={"objectType": "Agent", "mbox": "mailto:a@x.org"},
                                             context={"revision": "r"}), "statement.context.revision"),
    ("platform with StatementRef object", statement(object={"objectType": "StatementRef", "id": UUID},
                                                    context={"platform": "p"}), "statement.context.platform"),
    ("language 'something'", statement(context={"language": "something"}), "statement.context.language"),
    ("contextActivities unknown kind", statement(context={"contextActivities": {"sibling": []}}),
     "statement.context.contextActivities.sibling"),
    ("contextActivities string", statement(context={"contextActivities": {"parent": "x"}}),
     "statement.context.contextActivities.parent"),
    ("contextActivities bad activity", statement(context={"contextActivities": {"other": [{"key": "x"}]}}),
     "statement.context.contextActivities.other[0].key"),
    ("context statement not a StatementRef", statement(context={"statement": {"objectType": "StatementRef",
                                                                              "id": 12345}}),
     "statement.context.statement.id"),
    ("contextAgents under 1.0.3", statement(context={"contextAgents": CONTEXT_AGENTS}),
     "statement.context.contextAgents"),
    ("timestamp not a date", statement(timestamp="01/011/2015"), "statement.timestamp"),
    ("timestamp -00", statement(timestamp="2008-09-15T15:53:00.601-00"), "statement.timestamp"),
    ("timestamp -0000", statement(timestamp="2008-09-15T15:53:00.601-0000"), "statement.timestamp"),
    ("timestamp impossible date", statement(timestamp="2008-02-30T15:53:00Z"), "statement.timestamp"),
    ("stored not a timestamp", statement(stored="yesterday"), "statement.stored"),
    ("authority without IFI", statement(authority={"objectType": "Agent"}), "statement.authority"),
    ("authority identified group", statement(authority={**OAUTH_GROUP, "mbox": "mailto:bob@example.com"}),
     "statement.authority"),
    ("authority group of one", statement(authority={"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"}]}),
     "statement.authority.member"),
    ("authority group of three", statement(authority={**OAUTH_GROUP, "member": OAUTH_GROUP["member"]
                                                      + [{"mbox": "mailto:c@x.org"}]}), "statement.authority.member"),
    ("version 0.9.9", statement(version="0.9.9"), "statement.version"),
    ("version 1.1.0", statement(version="1.1.0"), "statement.version"),
    ("version 2.0.0 under 1.0.3", statement(version="2.0.0"), "statement.version"),
    ("attachments an object", statement(attachments=attachment()), "statement.attachments"),
    ("attachment a number", statement(attachments=[12345]), "statement.attachments[0]"),
    ("attachment usageType not IRI", statement(attachments=[attachment(usageType="x")]),
     "statement.attachments[0].usageType"),
    ("attachment contentType number", statement(attachments=[attachment(contentType=999)]),
     "statement.attachments[0].contentType"),
    ("attachment length string", statement(attachments=[attachment(length="27")]), "statement.attachments[0].length"),
    ("attachment sha2 not hex", statement(attachments=[attachment(sha2="should fail")]),
     "statement.attachments[0].sha2"),
    ("attachment fileUrl not IRL", statement(attachments=[attachment(fileUrl="should fail")]),
     "statement.attachments[0].fileUrl"),
    ("attachment display bad tag", statement(attachments=[attachment(display={"something": "x"})]),
     "statement.attachments[0].display.something"),
    ("attachment without display", statement(attachments=[{k: v for k, v in attachment().items() if k != "display"}]),
     "statement.attachments[0].display"),
]


@pytest.mark.parametrize("name, data, path", INVALID, ids=[case[0] for case in INVALID])
def test_invalid_statements_name_the_field(name, data, path):
    """Data 2.2.s4: the LRS rejects with 400 what breaks a rule; our message names the JSON path."""
    with pytest.raises(XAPIError) as caught:
        validate_statement(data, "1.0.3")
    assert caught.value.status == 400
    assert caught.value.message.startswith(path + ":") or caught.value.message.startswith(path + "."), \
        caught.value.message


def test_timestamp_without_zone_is_accepted_in_1_0_3_only():
    """Data 4.5 (1.0.3): a time zone SHOULD be included; 2.0.0 requires it."""
    validate_statement(statement(timestamp="2008-09-15T15:53:00"), "1.0.3")
    with pytest.raises(XAPIError, match="^statement.timestamp: must include a time zone"):
        validate_statement(statement(timestamp="2008-09-15T15:53:00"), "2.0.0")


V2_VALID = [
    ("contextAgents and contextGroups", statement(context={"contextAgents": CONTEXT_AGENTS,
                                                           "contextGroups": CONTEXT_GROUPS})),
    ("contextAgents in a SubStatement", statement(object=substatement(context={"contextAgents": CONTEXT_AGENTS}))),
    ("statement version 1.0.9 under 2.0", statement(version="1.0.9")),
    ("statement version 2.0.0", statement(version="2.0.0")),
    ("timestamp +00:00 (RFC 3339)", statement(timestamp="2008-09-15T15:53:00.601+00:00")),
]


@pytest.mark.parametrize("name, data", V2_VALID, ids=[case[0] for case in V2_VALID])
def test_valid_2_0_statements(name, data):
    """IEEE 9274.1.1 additions (contextAgents, contextGroups) and 2.0 version values are accepted."""
    validate_statement(data, "2.0.0")


V2_INVALID = [
    ("contextAgent objectType wrong", statement(context={"contextAgents": [{**CONTEXT_AGENTS[0],
                                                                            "objectType": "Should fail"}]}),
     "statement.context.contextAgents[0].objectType"),
    ("contextAgent agent invalid", statement(context={"contextAgents": [{"objectType": "contextAgent",
                                                                         "agent": {"key": "Should fail"}}]}),
     "statement.context.contextAgents[0].agent"),
    ("relevantTypes empty", statement(context={"contextAgents": [{**CONTEXT_AGENTS[0], "relevantTypes": []}]}),
     "statement.context.contextAgents[0].relevantTypes"),
    ("relevantTypes non-IRI", statement(context={"contextAgents": [{**CONTEXT_AGENTS[0], "relevantTypes": ["abc"]}]}),
     "statement.context.contextAgents[0].relevantTypes[0]"),
    ("contextGroup with an Agent", statement(context={"contextGroups": [{"objectType": "contextGroup",
                                                                          "group": {"mbox": "mailto:a@x.org"}}]}),
     "statement.context.contextGroups[0].group"),
    ("SubStatement contextAgent wrong", statement(object=substatement(context={"contextAgents": [
        {**CONTEXT_AGENTS[0], "objectType": "x"}]})), "statement.object.context.contextAgents[0].objectType"),
    ("timestamp without zone", statement(timestamp="2008-09-15T15:53:00.601"), "statement.timestamp"),
    ("version 2.1.0", statement(version="2.1.0"), "statement.version"),
]


@pytest.mark.parametrize("name, data, path", V2_INVALID, ids=[case[0] for case in V2_INVALID])
def test_invalid_2_0_statements(name, data, path):
    """2.0.0: contextAgent/contextGroup shape, relevantTypes IRIs, time zone required on timestamps."""
    with pytest.raises(XAPIError) as caught:
        validate_statement(data, "2.0.0")
    assert caught.value.message.startswith(path), caught.value.message


def test_batch_errors_name_the_index():
    """A batch is all or nothing; the message says which Statement of the array is wrong."""
    batch = [statement(), statement(), statement(), statement(actor={"mbox": "x"})]
    with pytest.raises(XAPIError) as caught:
        validate_statements(batch, "1.0.3")
    assert caught.value.message.startswith("statements[3].actor.mbox:")
    assert validate_statements(statement(), "1.0.3") == [statement()]
    with pytest.raises(XAPIError, match="empty"):
        validate_statements([], "1.0.3")


@pytest.mark.parametrize("agent, ok", [
    ({"mbox": "mailto:a@x.org"}, True),
    ({"objectType": "Agent", "account": ACCOUNT}, True),
    ({"objectType": "Group", "mbox": "mailto:g@x.org"}, True),
    ({"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"}]}, False),
    ({"name": "no ifi"}, False),
    ("mailto:a@x.org", False),
])
def test_agent_parameter(agent, ok):
    """Communication 2.1.3/2.3: the `agent` parameter is an Agent or an identified Group."""
    if ok:
        validate_agent(agent, "agent")
    else:
        with pytest.raises(XAPIError, match="^agent"):
            validate_agent(agent, "agent")


def test_activity_id_parameter():
    validate_activity_id("http://x.org/a", "activityId")
    with pytest.raises(XAPIError, match="^activityId: must be an absolute IRI"):
        validate_activity_id("not an iri", "activityId")


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_voided_verb_needs_a_statement_ref(version):
    """A voiding statement's object must be a StatementRef (Data 2.3.2, XAPI-00017/00020)."""
    statement = {"actor": {"mbox": "mailto:a@example.org"},
                 "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
                 "object": {"id": "http://example.org/activity"}}
    with pytest.raises(XAPIError, match=r"^statement\.object\.objectType: a voiding statement"):
        validate_statement(statement, version)
