"""A private statement's id tells a non-owner nothing (issue 11): PUT or POST of an exact copy gets the
same 409 as a wrong guess, so no writer can confirm a guessed private text."""
from __future__ import annotations

import json
import uuid

import pytest

from tracker.services.privacy import VISIBILITY
from tracker_samples import make_headers, statement


def private(text: str) -> dict:
    return dict(statement(), id=str(uuid.uuid4()),
                result={"response": text, "extensions": {VISIBILITY: "private"}})


def put(client, headers, body):
    return client.put("/xapi/statements", query_string={"statementId": body["id"]},
                      data=json.dumps(body), content_type="application/json", headers=headers)


def post(client, headers, body):
    return client.post("/xapi/statements", data=json.dumps(body), content_type="application/json",
                       headers=headers)


@pytest.mark.parametrize("send", [put, post])
def test_a_non_owner_gets_the_same_answer_for_a_right_and_a_wrong_guess(app, client, send):
    owner = make_headers(app, "statements/write", name="owner")
    other = make_headers(app, "statements/write", name="other")
    original = private("Ik was bang.")
    assert put(client, owner, original).status_code == 204
    right = send(client, other, original)
    wrong = send(client, other, dict(original, result={**original["result"], "response": "Ik was blij."}))
    assert (right.status_code, right.get_json()) == (wrong.status_code, wrong.get_json())
    assert right.status_code == 409


def test_the_writer_may_send_the_same_private_statement_again(app, client):
    owner = make_headers(app, "statements/write", name="owner")
    original = private("Ik was bang.")
    assert put(client, owner, original).status_code == 204
    assert put(client, owner, original).status_code == 204
    assert post(client, owner, original).get_json() == [original["id"]]


def test_an_ordinary_statement_is_still_idempotent_for_anyone(app, client):
    first = make_headers(app, "statements/write", name="first")
    second = make_headers(app, "statements/write", name="second")
    body = dict(statement(), id=str(uuid.uuid4()))
    assert put(client, first, body).status_code == 204
    assert put(client, second, body).status_code == 204
