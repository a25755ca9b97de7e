"""The `X-Experience-API-Version` header and the statement `version` property (Communication 3.3)."""

import re

from tracker.xapi.errors import XAPIError

SUPPORTED = ("1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0")
HEADER = "X-Experience-API-Version"
LATEST_1 = "1.0.3"
LATEST_2 = "2.0.0"

_HEADER_RE = re.compile(r"^(1|2)\.0(?:\.(\d+))?$")
_STATEMENT_VERSION_RE = re.compile(r"^(1|2)\.0(?:\.\d+)?$")


def check_version_header(value: str | None) -> str:
    """Return the version a request speaks, or refuse a missing or unsupported header.

    "1.0" and any "1.0.x" mean the 1.0 line, "2.0" and any "2.0.x" mean 2.0.0 (Communication 3.3:
    patch versions never change the data model). The result is always one of SUPPORTED.
    """
    if value is None or not value.strip():
        raise XAPIError(f"{HEADER} header: required (one of {', '.join(SUPPORTED)})")
    match = _HEADER_RE.match(value.strip())
    if not match:
        raise XAPIError(f"{HEADER} header: unsupported version {value!r} (one of {', '.join(SUPPORTED)})")
    major, patch = match.group(1), match.group(2)
    if major == "2":
        return LATEST_2
    version = f"1.0.{patch or 0}"
    return version if version in SUPPORTED else LATEST_1


def is_2_0(version: str) -> bool:
    """True for the IEEE 9274.1.1 (2.0.x) rules."""
    return version.startswith("2.")


def response_version(version: str) -> str:
    """The header value to answer with: the latest patch of the request's line."""
    return LATEST_2 if is_2_0(version) else LATEST_1


def check_statement_version(value: object, where: str, version: str) -> None:
    """A statement's own `version` is "1.0"/"1.0.x" (and, for 2.0 requests, "2.0"/"2.0.x") (Data 2.4.10)."""
    if not isinstance(value, str) or not _STATEMENT_VERSION_RE.match(value):
        raise XAPIError(f'{where}: must be "1.0.x"' + (' or "2.0.x"' if is_2_0(version) else "")
                        + f", got {value!r}")
    if value.startswith("2.") and not is_2_0(version):
        raise XAPIError(f"{where}: {value!r} needs {HEADER} 2.0.0")


def stored_version(version: str) -> str:
    """The `version` an LRS sets on a statement it stores (Data 2.4.10)."""
    return LATEST_2 if is_2_0(version) else "1.0.0"
