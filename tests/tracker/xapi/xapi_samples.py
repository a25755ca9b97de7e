"""Statements used across the xAPI rules tests, shaped like the ADL conformance suite's templates."""

import copy

ACTIVITY_ID = "http://www.example.com/meetings/occurances/34534"


def statement(**changes) -> dict:
    """A valid minimal Statement with top-level `changes` applied (None removes a key)."""
    base = {
        "actor": {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended",
                 "display": {"en-GB": "attended", "en-US": "attended"}},
        "object": {"objectType": "Activity", "id": ACTIVITY_ID},
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = copy.deepcopy(value)
    return base


def substatement(**changes) -> dict:
    sub = statement(**changes)
    sub["objectType"] = "SubStatement"
    return sub


def attachment(**changes) -> dict:
    base = {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "contentType": "text/plain; charset=ascii",
        "length": 27,
        "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    }
    base.update(changes)
    return base
