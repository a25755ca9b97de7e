"""TRACKER_PORTAL_URL, TRACKER_LINK_TTL, TRACKER_TOKEN_TTL: parsed, errors named, documented."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tracker.config import ConfigError
from tracker.learners.settings import LEARNER_SETTINGS, load_learner_settings

DOCS = Path(__file__).resolve().parents[3] / "docs" / "learners.md"


def settings(environ: dict) -> dict:
    app = Flask(__name__)
    load_learner_settings(app, environ)
    return {s.key: app.config[s.key] for s in LEARNER_SETTINGS}


def test_defaults():
    assert settings({}) == {"TRACKER_PORTAL_URL": "http://127.0.0.1:8000/",
                            "TRACKER_LINK_TTL": 14 * 86400, "TRACKER_TOKEN_TTL": 30 * 86400,
                            "TRACKER_TOKEN_IDLE": 12 * 3600}


def test_values_are_parsed():
    parsed = settings({"TRACKER_PORTAL_URL": "https://leren.example/portals",
                       "TRACKER_LINK_TTL": "12h", "TRACKER_TOKEN_TTL": "900", "TRACKER_TOKEN_IDLE": "90m"})
    assert parsed == {"TRACKER_PORTAL_URL": "https://leren.example/portals/",
                      "TRACKER_LINK_TTL": 12 * 3600, "TRACKER_TOKEN_TTL": 900, "TRACKER_TOKEN_IDLE": 5400}


def test_every_bad_value_is_named():
    with pytest.raises(ConfigError) as caught:
        settings({"TRACKER_PORTAL_URL": "leren.example", "TRACKER_LINK_TTL": "two weeks",
                  "TRACKER_TOKEN_TTL": "0d", "TRACKER_TOKEN_IDLE": "soon"})
    for setting in LEARNER_SETTINGS:
        assert setting.env in str(caught.value)


def test_every_setting_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    assert [s.env for s in LEARNER_SETTINGS if s.env not in text] == []
