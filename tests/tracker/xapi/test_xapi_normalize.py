"""LRS-set fields, Statement comparison and the ids/canonical formats (Data 2.3.1, 2.4; Communication 2.1.3)."""

import copy

import pytest

from tracker.xapi.normalize import (
    canonical_format, format_timestamp, ids_format, prepare_for_storage, statements_equivalent, truncate_duration,
)
from tracker.xapi.validation import validate_statement
from xapi_samples import ACTIVITY_ID, statement, substatement

STORED = "2024-05-04T17:00:00.123Z"
AUTHORITY = {"objectType": "Agent", "account": {"homePage": "http://lrs.example", "name": "key1"}}


def test_prepare_sets_lrs_fields_without_touching_the_input():
    """Data 2.4.1, 2.4.7-2.4.10: id, stored, authority, timestamp (= stored) and version are set."""
    original = statement()
    before = copy.deepcopy(original)
    stored = prepare_for_storage(original, stored=STORED, authority=AUTHORITY, version="1.0.3")
    assert original == before
    assert len(stored["id"]) == 36 and stored["stored"] == STORED and stored["timestamp"] == STORED
    assert stored["authority"] == AUTHORITY and stored["version"] == "1.0.0"
    validate_statement(stored, "1.0.3")
    assert prepare_for_storage(original, stored=STORED, authority=AUTHORITY, version="2.0.0")["version"] == "2.0.0"


def test_prepare_keeps_client_id_and_version_and_converts_timestamp_to_utc():
    """xAPI 2.0 4.2.7: timestamps are returned in UTC, same instant, millisecond precision kept."""
    sent = statement(id="6690e6c9-3ef0-4ed3-8b37-7f3964730bee", version="1.0.1", timestamp="2023-05-04T12:00:00-05:00",
                     authority={"mbox": "mailto:claimed@x.org"})
    stored = prepare_for_storage(sent, stored=STORED, authority=AUTHORITY, version="1.0.3")
    assert stored["id"] == sent["id"] and stored["version"] == "1.0.1"
    assert stored["timestamp"] == "2023-05-04T17:00:00.000Z"
    assert stored["authority"] == AUTHORITY


def test_prepare_wraps_single_context_activities_in_arrays():
    """Data 2.4.6.2.s4.b3: the LRS returns context Activities as arrays, in SubStatements too."""
    parent = {"id": ACTIVITY_ID}
    sent = statement(context={"contextActivities": {"parent": parent, "other": [parent]}},
                     object=substatement(context={"contextActivities": {"grouping": parent}}))
    stored = prepare_for_storage(sent, stored=STORED, authority=AUTHORITY, version="2.0.0")
    assert stored["context"]["contextActivities"] == {"parent": [parent], "other": [parent]}
    assert stored["object"]["context"]["contextActivities"] == {"grouping": [parent]}


def test_format_timestamp_keeps_microseconds_when_present():
    from datetime import datetime, timezone
    assert format_timestamp(datetime(2024, 1, 2, 3, 4, 5, 120000, timezone.utc)) == "2024-01-02T03:04:05.120Z"
    assert format_timestamp(datetime(2024, 1, 2, 3, 4, 5, 123456, timezone.utc)) == "2024-01-02T03:04:05.123456Z"


@pytest.mark.parametrize("duration, expected", [
    ("P1DT12H36M0.12567S", "P1DT12H36M0.12S"), ("PT1.5S", "PT1.5S"), ("PT10S", "PT10S"), ("P1W", "P1W"),
])
def test_truncate_duration(duration, expected):
    assert truncate_duration(duration) == expected


EQUIVALENT = [
    ("LRS-set fields differ", statement(), dict(statement(), id="6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
                                                stored=STORED, timestamp=STORED, version="1.0.0",
                                                authority=AUTHORITY)),
    ("single vs array context activity", statement(context={"contextActivities": {"parent": {"id": ACTIVITY_ID}}}),
     statement(context={"contextActivities": {"parent": [{"id": ACTIVITY_ID}]}})),
    ("objectType defaults", statement(actor={"mbox": "mailto:a@x.org"}, object={"id": ACTIVITY_ID}),
     statement(actor={"objectType": "Agent", "mbox": "mailto:a@x.org"},
               object={"objectType": "Activity", "id": ACTIVITY_ID})),
    ("duration beyond hundredths", statement(result={"duration": "PT0.1237S"}),
     statement(result={"duration": "PT0.12S"})),
    ("language map order", statement(verb={"id": "http://x.org/v", "display": {"en": "a", "nl": "b"}}),
     statement(verb={"id": "http://x.org/v", "display": {"nl": "b", "en": "a"}})),
]
DIFFERENT = [
    ("verb", statement(), statement(verb={"id": "http://x.org/other"})),
    ("result added", statement(), statement(result={"success": True})),
    ("actor name", statement(actor={"mbox": "mailto:a@x.org", "name": "A"}),
     statement(actor={"mbox": "mailto:a@x.org", "name": "B"})),
]


@pytest.mark.parametrize("name, a, b", EQUIVALENT, ids=[case[0] for case in EQUIVALENT])
def test_equivalent_statements(name, a, b):
    """Data 2.3.1: the same id twice is no conflict when the Statements are the same."""
    assert statements_equivalent(a, b) and statements_equivalent(b, a)


@pytest.mark.parametrize("name, a, b", DIFFERENT, ids=[case[0] for case in DIFFERENT])
def test_different_statements(name, a, b):
    """Data 2.3.1 / Communication 2.1.1: a different Statement under a used id is a 409."""
    assert not statements_equivalent(a, b)


def test_ids_format_keeps_only_identifiers():
    """Communication 2.1.3 format=ids: IFIs for Agents/Groups (members for anonymous ones), ids for the rest."""
    full = statement(
        actor={"objectType": "Agent", "name": "Ann", "mbox": "mailto:a@x.org"},
        object={"objectType": "Activity", "id": ACTIVITY_ID, "definition": {"name": {"en": "Meeting"}}},
        authority={"objectType": "Group", "member": [{"name": "C", "account": {"homePage": "http://h", "name": "c"}},
                                                     {"name": "U", "mbox": "mailto:u@x.org"}]},
        context={"instructor": {"name": "I", "openid": "http://o.org/i"},
                 "contextActivities": {"parent": {"id": ACTIVITY_ID, "definition": {"name": {"en": "P"}}}}})
    ids = ids_format(full)
    assert ids["actor"] == {"objectType": "Agent", "mbox": "mailto:a@x.org"}
    assert ids["verb"] == {"id": full["verb"]["id"]}
    assert ids["object"] == {"id": ACTIVITY_ID}  # XAPI-00171: an Activity is its id alone
    assert ids["authority"]["member"][1] == {"objectType": "Agent", "mbox": "mailto:u@x.org"}
    assert ids["context"]["instructor"] == {"objectType": "Agent", "openid": "http://o.org/i"}
    assert ids["context"]["contextActivities"]["parent"] == [{"id": ACTIVITY_ID}]
    assert full["actor"]["name"] == "Ann"


def test_canonical_format_picks_one_language():
    """Communication 2.1.3 format=canonical: one language per map, chosen from Accept-Language."""
    full = statement(verb={"id": "http://x.org/v", "display": {"en-US": "attended", "nl-NL": "bijgewoond"}},
                     object={"id": ACTIVITY_ID, "definition": {
                         "name": {"en-US": "Meeting", "nl-NL": "Vergadering", "de": "Treffen"},
                         "interactionType": "choice", "choices": [{"id": "a", "description": {"en": "A", "nl": "Ah"}}]}})
    dutch = canonical_format(full, ["nl"])
    assert dutch["verb"]["display"] == {"nl-NL": "bijgewoond"}
    assert dutch["object"]["definition"]["name"] == {"nl-NL": "Vergadering"}
    assert dutch["object"]["definition"]["choices"][0]["description"] == {"nl": "Ah"}
    assert canonical_format(full, ["de-DE", "en"])["object"]["definition"]["name"] == {"de": "Treffen"}
    assert canonical_format(full, [])["verb"]["display"] == {"en-US": "attended"}
