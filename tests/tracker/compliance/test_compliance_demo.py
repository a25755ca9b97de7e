"""`compliance demo`: a year of De Vlinder with people overdue, renewed early and one expired."""
from __future__ import annotations

import datetime as dt
import json

from tracker.compliance.overview import build_grid
from tracker.compliance.store import periods_of

from compliance_samples import Org, load_requirements


def test_the_demo_story(app, runner):
    org = Org(app)
    org.location("centrum", "dagopvang", ve_children=6)
    org.location("bolwerk", "bso")
    org.team("rupsen", "centrum")
    org.team("bso", "bolwerk")
    for n in range(12):
        started = (dt.date(2026, 6, 1) - dt.timedelta(days=100 + 90 * n)).isoformat()
        person = org.learner(f"p{n:02d}", role="pm-ervaren" if n % 3 else "bso-medewerker",
                             team="rupsen" if n % 3 else "bso", created=started)
        org.hours(person, 24 + n, started)
    load_requirements(runner)
    result = runner.invoke(args=["compliance", "demo", "--date", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert "already there" in runner.invoke(args=["compliance", "demo", "--date", "2026-06-01"]).output
    engine = app.extensions["tracker"].engine
    with engine.connect() as conn:
        grid = build_grid(conn, dt.date(2026, 6, 1))
        rows = periods_of(conn)
    ehbo = [c.standing.status for c in grid.cells.values() if c.requirement.id == "kinder-ehbo"]
    assert ehbo.count("verlopen") == 1
    assert {"te_laat", "bijna_verlopen", "geldig"} <= set(ehbo)
    early = [r for (_learner, req), history in rows.items() if req == "kinder-ehbo"
             for previous, r in zip(history, history[1:]) if r.completed_at and r.valid_from == previous.valid_until
             and r.completed_at < previous.valid_until]
    assert len(early) == 2  # renewed early, the old expiry kept as basis
    ikk = json.loads(runner.invoke(args=["compliance", "ikk", "--year", "2026", "--json"]).output)
    assert all(line["split_hours"] >= line["required_hours"] for line in ikk["locations"])
