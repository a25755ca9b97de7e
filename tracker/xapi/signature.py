"""Signed Statements: a JWS attachment whose payload is the Statement itself (Data 2.6)."""

import base64

from cryptography import x509
from jwcrypto.common import JWException
from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS

from tracker.xapi.errors import XAPIError
from tracker.xapi.json_input import load_json
from tracker.xapi.normalize import comparable

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
ALGORITHMS = ("RS256", "RS384", "RS512")


def verify_signatures(statement: dict, parts: dict, where: str = "statement") -> None:
    """Check every signature attachment of a received Statement; raise XAPIError(400) if one fails.

    The JWS compact token must use RS256/RS384/RS512 and carry as payload the Statement as sent
    without its signature attachment; id, timestamp and version count only when the payload
    has them, authority and stored never (Data 2.6). When the header has x5c, the signature is
    verified with the first certificate's public key.
    """
    for index, attachment in enumerate(statement.get("attachments") or []):
        if attachment.get("usageType") != SIGNATURE_USAGE:
            continue
        here = f"{where}.attachments[{index}]"
        content_type = attachment.get("contentType", "").split(";")[0].strip().lower()
        if content_type != SIGNATURE_CONTENT_TYPE:
            raise XAPIError(f"{here}.contentType: a signature must be {SIGNATURE_CONTENT_TYPE}")
        part = parts.get(attachment.get("sha2", "").lower())
        if part is None:
            raise XAPIError(f"{here}: the signature must be sent as a multipart part")
        payload = _verified_payload(part[1], here)
        if not _payload_matches(payload, statement):
            raise XAPIError(f"{here}: the JWS payload does not match the Statement")


def _verified_payload(token_bytes: bytes, where: str) -> object:
    try:
        token = token_bytes.decode("ascii").strip()
        jws = JWS()
        jws.deserialize(token)
        header = jws.jose_header
    except (UnicodeDecodeError, JWException, ValueError, KeyError, TypeError) as error:
        raise XAPIError(f"{where}: not a JWS compact serialization ({error})") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise XAPIError(f"{where}: JWS alg must be one of {', '.join(ALGORITHMS)}, got {algorithm!r}")
    if "x5c" in header:
        _verify_with_certificate(jws, header, algorithm, where)
    try:
        return load_json(jws.objects["payload"], f"{where}: the JWS payload")
    except XAPIError as error:
        raise XAPIError(error.message.replace("JWS payload:", "JWS payload is not JSON:", 1)) from None


def _verify_with_certificate(jws: JWS, header: dict, algorithm: str, where: str) -> None:
    chain = header["x5c"]
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
        key = JWK.from_pyca(certificate.public_key())
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise XAPIError(f"{where}: the x5c certificate cannot be read ({error})") from None
    try:
        jws.verify(key, alg=algorithm)
    except JWException:
        raise XAPIError(f"{where}: the JWS signature does not verify with the x5c certificate") from None


def _payload_matches(payload: object, statement: dict) -> bool:
    if not isinstance(payload, dict):
        return False
    ignore = ["authority", "stored", "version"]
    ignore += [key for key in ("id", "timestamp") if key not in payload]
    return comparable(_without_signatures(payload), tuple(ignore)) == comparable(
        _without_signatures(statement), tuple(ignore))


def _without_signatures(statement: dict) -> dict:
    result = dict(statement)
    kept = [a for a in statement.get("attachments") or [] if a.get("usageType") != SIGNATURE_USAGE]
    result.pop("attachments", None)
    if kept:
        result["attachments"] = kept
    return result
