"""Checks for the special data types of xAPI (Data 4): IRIs, UUIDs, language tags and maps,
timestamps, durations, extensions, and plain JSON types.

Every check takes the JSON path `where` and raises XAPIError(400, "<where>: <what is wrong>").
"""

import datetime as dt
import re

from tracker.xapi.errors import XAPIError

_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_MAILTO_RE = re.compile(r"^mailto:[^@\s<>\"]+@[^@\s<>\"]+$", re.IGNORECASE)
_SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
_SHA2_RE = re.compile(r"^[0-9a-fA-F]{56}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{96}$|^[0-9a-fA-F]{128}$")

# RFC 5646 section 2.1 (ABNF), case-insensitive.
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"  # language [-extlang]
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|\d{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
)
_LANGUAGE_TAG_RE = re.compile(rf"^(?:{_LANGTAG}|x(?:-[a-z0-9]{{1,8}})+)$", re.IGNORECASE)
_GRANDFATHERED = frozenset(
    "en-gb-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo i-pwn i-tao "
    "i-tay i-tsu sgn-be-fr sgn-be-nl sgn-ch-de art-lojban cel-gaulish no-bok no-nyn zh-guoyu "
    "zh-hakka zh-min zh-min-nan zh-xiang".split()
)

# ISO 8601 extended date-time; the offset is optional here (version rules decide).
_TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
# ISO 8601:2004 4.4.3.2 durations (PnYnMnDTnHnMnS or PnW); the alternative format is refused.
_DURATION_RE = re.compile(
    r"^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?!$)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$"
    r"|^P\d+(?:\.\d+)?W$"
)


def fail(where: str, message: str) -> None:
    raise XAPIError(f"{where}: {message}")


def describe(value: object) -> str:
    """A short description of a wrong value for error messages."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_object(value: object, where: str, allowed: frozenset[str] | set[str],
                 required: tuple[str, ...] = ()) -> dict:
    """A JSON object with only `allowed` keys (case-sensitive, Data 2.2) and every `required` one."""
    if not isinstance(value, dict):
        fail(where, f"must be an object, got {describe(value)}")
    for key in value:
        if key not in allowed:
            fail(f"{where}.{key}", "is not an allowed property here (names are case-sensitive)")
    for key in required:
        if key not in value:
            fail(f"{where}.{key}", "is required")
    return value


def check_string(value: object, where: str, *, non_empty: bool = False) -> str:
    if not isinstance(value, str):
        fail(where, f"must be a string, got {describe(value)}")
    if non_empty and not value:
        fail(where, "must not be empty")
    return value


def check_bool(value: object, where: str) -> None:
    if not isinstance(value, bool):
        fail(where, f"must be true or false, got {describe(value)}")


def check_number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(where, f"must be a number, got {describe(value)}")
    return value


def check_array(value: object, where: str, *, non_empty: bool = False) -> list:
    if not isinstance(value, list):
        fail(where, f"must be an array, got {describe(value)}")
    if non_empty and not value:
        fail(where, "must not be an empty array")
    return value


def check_iri(value: object, where: str, kind: str = "IRI") -> str:
    """An absolute IRI (or IRL): a scheme, a colon, no spaces (Data 4.2, RFC 3987)."""
    if not isinstance(value, str) or not _IRI_RE.match(value):
        fail(where, f"must be an absolute {kind} with a scheme, got {describe(value)}")
    return value


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and bool(_UUID_RE.match(value))


def check_uuid(value: object, where: str) -> str:
    """A UUID in its standard string form (Data 4.3, RFC 4122)."""
    if not is_uuid(value):
        fail(where, f"must be a UUID, got {describe(value)}")
    return value


def check_mailto(value: object, where: str) -> str:
    if not isinstance(value, str) or not _MAILTO_RE.match(value):
        fail(where, f'must be a "mailto:" IRI with an email address, got {describe(value)}')
    return value


def check_sha1(value: object, where: str) -> str:
    if not isinstance(value, str) or not _SHA1_RE.match(value):
        fail(where, f"must be a SHA-1 hex digest (40 hex digits), got {describe(value)}")
    return value


def check_sha2(value: object, where: str) -> str:
    if not isinstance(value, str) or not _SHA2_RE.match(value):
        fail(where, f"must be a SHA-2 hex digest, got {describe(value)}")
    return value


def is_language_tag(value: object) -> bool:
    """True for a well-formed RFC 5646 tag (no registry look-up; singletons and variants not repeated)."""
    if not isinstance(value, str):
        return False
    if value.lower() in _GRANDFATHERED:
        return True
    if not _LANGUAGE_TAG_RE.match(value):
        return False
    subtags = value.lower().split("-")
    singletons: set[str] = set()
    variants: set[str] = set()
    for subtag in subtags[1:]:
        if subtag == "x":
            break
        if len(subtag) == 1:
            if subtag in singletons:
                return False
            singletons.add(subtag)
        elif not singletons and (len(subtag) >= 5 or (len(subtag) == 4 and subtag[0].isdigit())):
            if subtag in variants:
                return False
            variants.add(subtag)
    return True


def check_language_tag(value: object, where: str) -> str:
    if not is_language_tag(value):
        fail(where, f"must be an RFC 5646 language tag, got {describe(value)}")
    return value


def check_language_map(value: object, where: str) -> dict:
    """An object of RFC 5646 tags to strings (Data 4.2)."""
    if not isinstance(value, dict):
        fail(where, f"must be a language map object, got {describe(value)}")
    for tag, text in value.items():
        if not is_language_tag(tag):
            fail(f"{where}.{tag}", "is not an RFC 5646 language tag")
        if not isinstance(text, str):
            fail(f"{where}.{tag}", f"must be a string, got {describe(text)}")
    return value


def check_extensions(value: object, where: str) -> dict:
    """An object whose keys are IRIs; values are any JSON, null included (Data 4.1)."""
    if not isinstance(value, dict):
        fail(where, f"must be an object, got {describe(value)}")
    for key in value:
        if not _IRI_RE.match(key):
            fail(f"{where}.{key}", "extension keys must be absolute IRIs")
    return value


def parse_timestamp(value: object, where: str, *, require_zone: bool = False) -> dt.datetime:
    """Parse an ISO 8601 timestamp; refuse the unknown offset "-00"/"-0000"/"-00:00" (RFC 3339 4.3)."""
    match = _TIMESTAMP_RE.match(value) if isinstance(value, str) else None
    if not match:
        fail(where, f"must be an ISO 8601 timestamp, got {describe(value)}")
    zone = match.group("tz")
    if zone is None and require_zone:
        fail(where, f"must include a time zone (Z or an offset), got {describe(value)}")
    if zone and zone[0] == "-" and set(zone[1:]) <= {"0", ":"}:
        fail(where, f"must not use the unknown offset -00:00, got {describe(value)}")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7) or ""
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    offset = dt.timedelta(0)
    if zone and zone.upper() != "Z":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            fail(where, f"has an impossible offset, got {describe(value)}")
        offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if zone[0] == "-" else 1)
    try:
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=dt.timezone(offset))
    except ValueError:
        fail(where, f"is not a real date and time, got {describe(value)}")


def check_duration(value: object, where: str) -> str:
    if not isinstance(value, str) or not _DURATION_RE.match(value):
        fail(where, f"must be an ISO 8601 duration like PT1H30M, got {describe(value)}")
    return value
