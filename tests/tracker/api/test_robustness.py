"""Junk on every route and method gets a JSON 4xx, never a 500 (Communication 3.2)."""
from __future__ import annotations

import json
import random

import pytest

ROUTES = ["/xapi/statements", "/xapi/activities/state", "/xapi/activities/profile",
          "/xapi/agents/profile", "/xapi/activities", "/xapi/agents", "/xapi/about"]
METHODS = ["GET", "PUT", "POST", "DELETE"]
JUNK_VALUES = ["", "null", "[]", "{}", "1e999", "-1", "\u0000", "\U0001f600" * 50, "{\"mbox\": 5}",
               json.dumps({"objectType": "Group", "member": [{"mbox": "mailto:a@b.c"}] * 3}),
               "not-a-uuid", "00000000-0000-0000-0000-000000000000", "2026-13-45T99:99:99Z",
               "http://", "x" * 5000, "true", "TRUE"]
PARAMS = ["statementId", "voidedStatementId", "agent", "verb", "activity", "registration", "since",
          "until", "limit", "format", "attachments", "ascending", "activityId", "stateId",
          "profileId", "more", "related_agents", "related_activities", "partialSuccess", "method"]
BODIES = [(b"", None), (b"{", "application/json"), (b"[{}]", "application/json"),
          (b'{"actor": {"mbox": "mailto:a@b.c"}, "verb": 1, "object": []}', "application/json"),
          (b"\x00\xff" * 20, "application/octet-stream"), (b"a=b&c", "application/x-www-form-urlencoded"),
          (b"--b\r\n\r\n--b--", "multipart/mixed; boundary=b"), (b"[" * 500 + b"]" * 500, "application/json")]


def cases(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        params = {rng.choice(PARAMS): rng.choice(JUNK_VALUES) for _ in range(rng.randint(0, 4))}
        yield rng.choice(ROUTES), rng.choice(METHODS), params, rng.choice(BODIES)


@pytest.mark.parametrize("seed", range(4))
def test_junk_never_gets_a_500(client, headers, seed):
    for route, method, params, (body, content_type) in cases(seed, 60):
        response = client.open(route, method=method, query_string=params, data=body,
                               content_type=content_type, headers=headers)
        assert response.status_code < 500, (route, method, params, body, response.get_data(as_text=True))
        if response.status_code >= 400:
            assert response.get_json()["error"]["message"]
