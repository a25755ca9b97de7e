"""Fixtures: an organisation (portal `pm` loaded, De Vlinder with teams Rupsen and Vlinders,
learners, and staff: a coach per team, a manager, an admin)."""
from __future__ import annotations

import pytest

from team_samples import Org, write_site
from tracker.team.audit import Actor
from tracker.team.state import team_state


@pytest.fixture
def org(app, client, runner, tmp_path):
    result = runner.invoke(args=["portals", "load", str(write_site(tmp_path / "site"))])
    assert result.exit_code == 0, result.output
    with app.app_context():
        structure = team_state().structure
        structure.add_location("De Vlinder", kind="dagopvang", lrk="123456789", actor=Actor.cli())
        structure.add_location("Het Bolwerk", kind="bso", actor=Actor.cli())
        structure.add_team("Rupsen", location="De Vlinder", actor=Actor.cli())
        structure.add_team("Vlinders", location="De Vlinder", actor=Actor.cli())
        structure.add_team("Bolwerk BSO", location="Het Bolwerk", actor=Actor.cli())
    org = Org(app, client)
    for name in ("Anna", "Bram", "Cem", "Daan", "Eva", "Fleur"):
        org.learner(name, "rupsen")
    org.learner("Gijs", "vlinders")
    org.learner("Hanna", "bolwerk-bso")
    org.add_staff("Coach", "coach", ["rupsen"])
    org.add_staff("Coach2", "coach", ["vlinders"])
    org.add_staff("Manager", "manager", ["de-vlinder"])
    org.add_staff("Admin", "admin", [])
    return org
