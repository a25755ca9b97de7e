"""The version header (Communication 3.3) and the special data types (Data 4)."""

import pytest

from tracker.xapi.errors import XAPIError
from tracker.xapi.formats import is_language_tag, parse_timestamp
from tracker.xapi.versions import check_version_header, response_version


@pytest.mark.parametrize("header, version", [
    ("1.0.3", "1.0.3"), ("1.0.0", "1.0.0"), ("1.0", "1.0.0"), ("1.0.9", "1.0.3"), ("2.0.0", "2.0.0"),
    ("2.0", "2.0.0"), (" 1.0.1 ", "1.0.1"),
])
def test_supported_headers(header, version):
    assert check_version_header(header) == version


@pytest.mark.parametrize("header", [None, "", "0.95", "0.9", "1.1.0", "3.0.0", "1.0.x", "latest"])
def test_unsupported_headers_name_the_header(header):
    """Communication 3.3.s3.b3: missing or unsupported version header is a 400 naming the header."""
    with pytest.raises(XAPIError) as caught:
        check_version_header(header)
    assert caught.value.status == 400 and caught.value.message.startswith("X-Experience-API-Version header:")


def test_response_version():
    assert response_version("1.0.1") == "1.0.3" and response_version("2.0.0") == "2.0.0"


@pytest.mark.parametrize("tag", ["en", "en-US", "zh-Hant", "sr-Latn-RS", "es-419", "tlh", "cmn", "ase",
                                 "de-CH-1901", "x-whatever", "en-GB-oed", "i-klingon", "en-a-bbb-x-a-ccc"])
def test_well_formed_language_tags(tag):
    """RFC 5646 2.1 as the suite checks it (XAPI-00013)."""
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", ["something", "a12345678", "en-something-AU", "s-something", "zh-z-aaa-z-bbb-c-ccc",
                                 "de-1901-1901", "", "en_US", "en-", "-en", 12])
def test_malformed_language_tags(tag):
    assert not is_language_tag(tag)


@pytest.mark.parametrize("value, iso", [
    ("2023-05-04T12:00:00-05:00", "2023-05-04T17:00:00+00:00"),
    ("2008-09-15T15:53:00.601Z", "2008-09-15T15:53:00.601000+00:00"),
    ("2008-09-15T15:53:00.601+0530", "2008-09-15T10:23:00.601000+00:00"),
    ("2008-09-15T15:53:00+01", "2008-09-15T14:53:00+00:00"),
])
def test_timestamps_parse_to_the_same_instant(value, iso):
    from datetime import timezone
    assert parse_timestamp(value, "t").astimezone(timezone.utc).isoformat() == iso


@pytest.mark.parametrize("value", ["2008-09-15", "2008-09-15T25:00:00Z", "2008-09-15T15:53:00.601-00:00",
                                   "2008-09-15 15:53:00Z", "2008-09-15T15:53:00+24:00", 20080915])
def test_bad_timestamps(value):
    with pytest.raises(XAPIError, match="^where.timestamp: "):
        parse_timestamp(value, "where.timestamp")
