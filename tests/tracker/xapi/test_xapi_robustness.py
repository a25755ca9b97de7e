"""Never a crash: any value of any JSON type in any place of a Statement gives XAPIError or passes.

An LRS answers bad input with 400, never 500 (Data 2.2.s4); this walks every path of rich valid
Statements and replaces the value there with each JSON type.
"""

import copy

import pytest

from tracker.xapi.errors import XAPIError
from tracker.xapi.validation import validate_statement
from test_xapi_validation import CHOICE, CONTEXT_AGENTS, CONTEXT_GROUPS, GROUP, OAUTH_GROUP, UUID
from xapi_samples import ACTIVITY_ID, attachment, statement, substatement

REPLACEMENTS = [None, True, 0, -2.5, "", "x", "mailto:", [], [1], {}, {"a": 1}, {"objectType": "Group"}]

RICH = statement(
    id=UUID, timestamp="2024-01-01T00:00:00Z", stored="2024-01-01T00:00:00Z", version="1.0.0",
    authority=OAUTH_GROUP, attachments=[attachment(fileUrl="http://x.org/f")],
    result={"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": True, "duration": "PT1S",
            "extensions": {"http://x.org/e": 1}},
    context={"registration": UUID, "instructor": {"mbox": "mailto:i@x.org"}, "team": GROUP,
             "contextActivities": {"parent": [{"id": ACTIVITY_ID}]}, "language": "nl",
             "statement": {"objectType": "StatementRef", "id": UUID},
             "contextAgents": CONTEXT_AGENTS, "contextGroups": CONTEXT_GROUPS},
    object=substatement(object={"objectType": "Activity", "id": ACTIVITY_ID, "definition": CHOICE},
                        actor={"account": {"homePage": "http://h.org", "name": "n"}}),
)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


def replaced(document, path, new):
    document = copy.deepcopy(document)
    if not path:
        return new
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return document


ALL_PATHS = [path for path in paths(RICH)]


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_every_path_and_type_gives_xapi_error_or_passes(version):
    validate_statement(RICH, "2.0.0")
    failures = []
    for path in ALL_PATHS:
        for new in REPLACEMENTS:
            try:
                validate_statement(replaced(RICH, path, new), version)
            except XAPIError as error:
                assert error.status == 400
            except Exception as error:  # noqa: BLE001 - the point of this test
                failures.append(f"{path} = {new!r}: {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures[:20])
