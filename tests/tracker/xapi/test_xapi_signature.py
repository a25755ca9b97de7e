"""Signed Statements (Data 2.6): a JWS compact token as an attachment, generated here with jwcrypto."""

import base64
import datetime as dt
import hashlib
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

from tracker.xapi.attachments import build_multipart, check_attachments, parse_multipart
from tracker.xapi.errors import XAPIError
from tracker.xapi.signature import SIGNATURE_USAGE, verify_signatures
from tracker.xapi.validation import validate_statement
from xapi_samples import statement


@pytest.fixture(scope="module")
def rsa_key():
    return JWK.generate(kty="RSA", size=2048)


@pytest.fixture(scope="module")
def certificate_b64(rsa_key):
    private = serialization.load_pem_private_key(rsa_key.export_to_pem(private_key=True, password=None), None)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Leerpad test signer")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=1)).sign(private, hashes.SHA256()))
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def sign(payload: bytes, key: JWK, alg: str = "RS256", **header) -> bytes:
    jws = JWS(payload)
    jws.add_signature(key, alg=alg, protected=json.dumps({"alg": alg, **header}))
    return jws.serialize(compact=True).encode()


def signed(original: dict, token: bytes, content_type="application/octet-stream"):
    """The received Statement (original + signature attachment) and its parts dict."""
    sha2 = hashlib.sha256(token).hexdigest()
    received = dict(original, attachments=[{
        "usageType": SIGNATURE_USAGE, "display": {"en-US": "Signed"}, "contentType": content_type,
        "length": len(token), "sha2": sha2}])
    return received, {sha2: (content_type, token)}


ORIGINAL = statement(id="6690e6c9-3ef0-4ed3-8b37-7f3964730bee", result={"duration": "P1DT12H36M0.12S"})


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_signed_statement_round_trip_through_multipart(rsa_key, certificate_b64, alg):
    """A statement signed with a fresh RSA key (x5c attached) passes multipart parsing and verification."""
    token = sign(json.dumps(ORIGINAL).encode(), rsa_key, alg, x5c=[certificate_b64])
    received, parts = signed(ORIGINAL, token)
    body, content_type = build_multipart(json.dumps(received).encode(),
                                         [(sha2, kind, data) for sha2, (kind, data) in parts.items()])
    parsed, parsed_parts = parse_multipart(body, content_type)
    validate_statement(parsed, "2.0.0")
    check_attachments([parsed], parsed_parts)
    verify_signatures(parsed, parsed_parts)


def test_duration_precision_beyond_hundredths_is_not_compared(rsa_key):
    """xAPI 2.0 4.2.7: a signed P..0.12S matches a sent P..0.1237S."""
    token = sign(json.dumps(ORIGINAL).encode(), rsa_key)
    received, parts = signed(ORIGINAL, token)
    received["result"] = {"duration": "P1DT12H36M0.1237S"}
    verify_signatures(received, parts)


def test_lrs_set_fields_absent_from_payload_are_ignored(rsa_key):
    payload = {key: value for key, value in ORIGINAL.items() if key != "id"}
    received, parts = signed(ORIGINAL, sign(json.dumps(payload).encode(), rsa_key))
    verify_signatures(dict(received, authority={"mbox": "mailto:lrs@x.org"}), parts)


def test_wrong_key_in_x5c_is_refused(rsa_key, certificate_b64):
    other = JWK.generate(kty="RSA", size=2048)
    received, parts = signed(ORIGINAL, sign(json.dumps(ORIGINAL).encode(), other, x5c=[certificate_b64]))
    with pytest.raises(XAPIError, match="does not verify"):
        verify_signatures(received, parts)


def test_payload_of_another_statement_is_refused(rsa_key):
    token = sign(json.dumps(statement(verb={"id": "http://x.org/other"})).encode(), rsa_key)
    received, parts = signed(ORIGINAL, token)
    with pytest.raises(XAPIError, match=r"^statement.attachments\[0\]: the JWS payload does not match"):
        verify_signatures(received, parts)


def test_hs256_is_refused():
    """Data 2.6.s4.b4: only RS256, RS384, RS512."""
    token = sign(json.dumps(ORIGINAL).encode(), JWK.generate(kty="oct", size=256), "HS256")
    received, parts = signed(ORIGINAL, token)
    with pytest.raises(XAPIError, match="alg must be one of"):
        verify_signatures(received, parts)


def test_signature_content_type_must_be_octet_stream(rsa_key):
    received, parts = signed(ORIGINAL, sign(json.dumps(ORIGINAL).encode(), rsa_key), "text/plain; charset=ascii")
    with pytest.raises(XAPIError, match=r"contentType: a signature must be application/octet-stream"):
        verify_signatures(received, parts)


@pytest.mark.parametrize("token", [b"not a jws", b"a.b.c", "é".encode()])
def test_malformed_tokens_are_refused(token):
    received, parts = signed(ORIGINAL, token)
    with pytest.raises(XAPIError, match="not a JWS compact serialization"):
        verify_signatures(received, parts)


def test_payload_that_is_not_json_is_refused(rsa_key):
    """The suite's "breakJson" case: the payload is a JSON text with a quote replaced."""
    broken = json.dumps(ORIGINAL).replace('"', "'", 1).encode()
    received, parts = signed(ORIGINAL, sign(broken, rsa_key))
    with pytest.raises(XAPIError, match="payload is not JSON"):
        verify_signatures(received, parts)


def test_missing_signature_part_is_refused(rsa_key):
    received, _ = signed(ORIGINAL, sign(json.dumps(ORIGINAL).encode(), rsa_key))
    with pytest.raises(XAPIError, match="must be sent as a multipart part"):
        verify_signatures(received, {})
