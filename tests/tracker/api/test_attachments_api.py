"""Attachments over multipart/mixed and signed statements (Communication 1.5.2, Data 2.4.11, 2.6)."""
from __future__ import annotations

import hashlib
import json

import pytest
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

from tracker.xapi.attachments import build_multipart, parse_multipart
from tracker.xapi.signature import SIGNATURE_USAGE
from tracker_samples import statement, with_id

CONTENT = "Mijn reflectie: het ging goed.\n".encode()
SHA2 = hashlib.sha256(CONTENT).hexdigest()


def attachment(sha2=SHA2, length=len(CONTENT), **extra):
    return {"usageType": "http://id.tincanapi.com/attachment/supporting_media",
            "display": {"en-US": "reflection"}, "contentType": "text/plain", "length": length,
            "sha2": sha2, **extra}


def send(client, headers, body, parts, method="post", **kwargs):
    payload, content_type = build_multipart(json.dumps(body).encode(), parts)
    return getattr(client, method)("/xapi/statements", data=payload, content_type=content_type,
                                   headers=headers, **kwargs)


def test_multipart_statement_with_attachment_round_trips(client, headers):
    """Communication 1.5.2: the statement and its attachment come back with attachments=true."""
    body = with_id(statement(attachments=[attachment()]))
    response = send(client, headers, body, [(SHA2, "text/plain", CONTENT)])
    assert response.status_code == 200, response.get_json()
    got = client.get("/xapi/statements", query_string={"statementId": body["id"], "attachments": "true"},
                     headers=headers)
    assert got.mimetype == "multipart/mixed"
    parsed, parts = parse_multipart(got.data, got.content_type)
    assert parsed["id"] == body["id"] and parts[SHA2] == ("text/plain", CONTENT)
    listed = client.get("/xapi/statements", query_string={"attachments": "true"}, headers=headers)
    parsed, parts = parse_multipart(listed.data, listed.content_type)
    assert parsed["statements"][0]["id"] == body["id"] and SHA2 in parts


def test_put_multipart(client, headers):
    body = with_id(statement(attachments=[attachment()]))
    response = send(client, headers, body, [(SHA2, "text/plain", CONTENT)], method="put",
                    query_string={"statementId": body["id"]})
    assert response.status_code == 204


def test_attachment_without_part_is_400(client, headers):
    """Data 2.4.11: an attachment without fileUrl needs its part."""
    response = client.post("/xapi/statements", json=statement(attachments=[attachment()]), headers=headers)
    assert response.status_code == 400
    assert "attachments[0]" in response.get_json()["error"]["message"]


def test_file_url_attachment_needs_no_part(client, headers):
    body = statement(attachments=[attachment(fileUrl="https://files.test/r.txt")])
    assert client.post("/xapi/statements", json=body, headers=headers).status_code == 200


def test_part_matching_no_attachment_is_400(client, headers):
    response = send(client, headers, statement(), [(SHA2, "text/plain", CONTENT)])
    assert response.status_code == 400


@pytest.fixture(scope="module")
def rsa_key():
    return JWK.generate(kty="RSA", size=2048)


def signed_request(original: dict, payload: dict, key):
    jws = JWS(json.dumps(payload).encode())
    jws.add_signature(key, alg="RS256", protected=json.dumps({"alg": "RS256"}))
    token = jws.serialize(compact=True).encode()
    sha2 = hashlib.sha256(token).hexdigest()
    body = dict(original, attachments=[attachment(sha2=sha2, length=len(token), usageType=SIGNATURE_USAGE,
                                                  contentType="application/octet-stream")])
    return body, [(sha2, "application/octet-stream", token)]


def test_signed_statement_is_accepted(client, headers, rsa_key):
    """Data 2.6: a JWS signature whose payload is the statement is accepted."""
    original = with_id(statement())
    body, parts = signed_request(original, original, rsa_key)
    response = send(client, headers, body, parts)
    assert response.status_code == 200, response.get_json()


def test_signature_of_another_statement_is_400(client, headers, rsa_key):
    original = with_id(statement())
    body, parts = signed_request(original, statement(actor="bert"), rsa_key)
    response = send(client, headers, body, parts)
    assert response.status_code == 400
