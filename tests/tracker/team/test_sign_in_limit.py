"""The public 'Stuur mij een aanmeldlink' form cannot flood a colleague's mailbox."""
from __future__ import annotations

import time

from aiosmtpd.controller import Controller

from signin_fixtures import free_port
from team_samples import csrf_token
from tracker.team.audit import Actor
from tracker.team.state import team_state


class Count:
    def __init__(self):
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def test_at_most_three_links_a_quarter_by_mail(app, client):
    handler = Count()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config["TRACKER_SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
        with app.app_context():
            team_state().staff.add(name="Mila", role="admin", email="mila@kdv-devlinder.nl", scope=[],
                                   learner_id=None, actor=Actor.cli())
        answers = []
        for _ in range(6):
            token = csrf_token(client.get("/team/aanmelden").get_data(as_text=True))
            answer = client.post("/team/aanmelden", data={"csrf_token": token, "email": "mila@kdv-devlinder.nl"},
                                 follow_redirects=True)
            answers.append(answer.get_data(as_text=True).count("Als dit adres bij een account hoort"))
        deadline = time.monotonic() + 5
        while handler.messages < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        assert handler.messages == 3
        assert answers == [1] * 6  # the same answer every time
    finally:
        controller.stop()
