"""Who may see whose compliance: the team view's sign-in and scopes, behind one small seam.

Coaches see the people of their teams, managers those of their locations' teams, admins nobody's
(they keep structure and accounts). A person's dossier and files: only their coach and manager.
"""
from __future__ import annotations

from flask import abort, g
from sqlalchemy import select

from ..extension import tracker
from ..storage.schema import learners
from ..team.access import viewer_for
from ..team.auth import load_staff, staff_required  # noqa: F401 (re-exported for the views)

STAFF_ROLES = ("coach", "manager")


def team_ids() -> frozenset[str]:
    """The teams the signed-in coach or manager looks after."""
    if "compliance_teams" not in g:
        g.compliance_teams = viewer_for(tracker().engine, g.staff).team_ids
    return g.compliance_teams


def location_ids() -> frozenset[str]:
    """A manager's locations; a coach's: the locations of their teams."""
    from ..team.tables import teams

    if g.staff.role == "manager":
        return frozenset(g.staff.scope)
    with tracker().engine.connect() as conn:
        return frozenset(conn.execute(select(teams.c.location_id).where(teams.c.id.in_(team_ids()))).scalars())


def may_see(learner_id: str) -> None:
    """404 for an unknown person, 403 for one outside the viewer's teams."""
    with tracker().engine.connect() as conn:
        row = conn.execute(select(learners.c.team, learners.c.removed_at).where(learners.c.id == learner_id)).first()
    if row is None or row.removed_at:
        abort(404, "Deze persoon bestaat niet (meer).")
    if g.staff.role not in STAFF_ROLES or row.team not in team_ids():
        abort(403, "Deze persoon hoort niet bij jouw teams of locaties.")
