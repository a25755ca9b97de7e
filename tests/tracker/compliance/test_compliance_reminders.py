"""Reminders against a real local SMTP server (aiosmtpd): once per reminder, weekly digests, dry runs."""
from __future__ import annotations

import email
import json
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller

from compliance_samples import Org, load_requirements


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture(scope="module")
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}", inbox
    controller.stop()


@pytest.fixture
def org(app, runner, smtp):
    url, inbox = smtp
    inbox.messages.clear()
    org = Org(app)
    org.location("de-vlinder")
    org.team("rupsen", "de-vlinder")
    org.learner("anna", team="rupsen", created="2026-01-05", email="anna@vlinder.test")
    org.learner("geen-mail", team="rupsen", created="2026-01-05")
    org.staff("coach1", "coach", ["rupsen"], email="carla@vlinder.test")
    org.staff("manager1", "manager", ["de-vlinder"], email="maaike@vlinder.test")
    org.staff("stil", "coach", ["rupsen"])  # no e-mail address: no digest
    load_requirements(runner)
    return org


def remind(runner, *extra):
    result = runner.invoke(args=["compliance", "remind", "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{"):])


def test_reminders_go_out_once(app, runner, org, smtp):
    url, inbox = smtp
    app.config["TRACKER_SMTP_URL"] = url
    with time_machine.travel("2026-01-06T07:00:00Z", tick=False):
        first = remind(runner)
        assert {m["kind"] for m in first["messages"]} == {"learner", "digest"}
        assert first["skipped_no_email"] > 0
        assert sorted(to for tos, _m in inbox.messages for to in tos) == [
            "anna@vlinder.test", "carla@vlinder.test", "maaike@vlinder.test"]
        anna = next(m for tos, m in inbox.messages if tos == ["anna@vlinder.test"])
        assert "VOG en Personenregister" in anna.get_payload(decode=True).decode()
        again = remind(runner)
        assert again["messages"] == [] and len(inbox.messages) == 3
    with time_machine.travel("2026-03-23T07:00:00Z", tick=False):  # meldcode due 2026-04-05: 13 days
        later = remind(runner)
        learner = [m for m in later["messages"] if m["kind"] == "learner"]
        assert learner and any(k.startswith("due14:anna:meldcode:2026-04-05") for k in learner[0]["keys"])
        assert {m["to"] for m in later["messages"] if m["kind"] == "digest"} == {"carla@vlinder.test",
                                                                                 "maaike@vlinder.test"}
        assert remind(runner)["messages"] == []


def test_a_dry_run_and_a_missing_smtp_url_send_and_record_nothing(app, runner, org, smtp):
    url, inbox = smtp
    app.config["TRACKER_SMTP_URL"] = ""
    with time_machine.travel("2026-01-06T07:00:00Z", tick=False):
        assert remind(runner)["smtp"] is False and inbox.messages == []
        app.config["TRACKER_SMTP_URL"] = url
        planned = remind(runner, "--dry-run")
        assert planned["messages"] and inbox.messages == []
        sent = remind(runner)
        assert len(sent["messages"]) == len(planned["messages"]) == len(inbox.messages)
