"""Settings from TRACKER_* variables: typed, with errors naming the variable."""
from __future__ import annotations

import pytest

from tracker.config import ConfigError, load_settings


def test_defaults_are_safe():
    settings = load_settings({})
    assert settings["TRACKER_CORS_ORIGINS"] == ()
    assert settings["TRACKER_DATABASE_URL"] is None
    assert settings["TRACKER_MAX_BODY_BYTES"] > 0


def test_values_are_parsed():
    settings = load_settings({"TRACKER_CORS_ORIGINS": "https://a.test, https://b.test/",
                              "TRACKER_MAX_BODY_BYTES": "2048", "TRACKER_AUTO_MIGRATE": "no"})
    assert settings["TRACKER_CORS_ORIGINS"] == ("https://a.test", "https://b.test")
    assert settings["TRACKER_MAX_BODY_BYTES"] == 2048
    assert settings["TRACKER_AUTO_MIGRATE"] is False


def test_every_bad_value_is_named():
    with pytest.raises(ConfigError) as caught:
        load_settings({"TRACKER_MAX_BODY_BYTES": "lots", "TRACKER_CORS_ORIGINS": "portal.test",
                       "TRACKER_AUTO_MIGRATE": "perhaps"})
    message = str(caught.value)
    for name in ("TRACKER_MAX_BODY_BYTES", "TRACKER_CORS_ORIGINS", "TRACKER_AUTO_MIGRATE"):
        assert name in message


def test_every_setting_is_documented():
    """docs/tracker.md names every TRACKER_* variable."""
    from pathlib import Path

    from tracker.config import SETTINGS
    text = (Path(__file__).resolve().parents[2] / "docs" / "tracker.md").read_text()
    missing = [s.env for s in SETTINGS if s.env not in text]
    assert not missing
