"""The Wet IKK ledger: DOMAIN.md's worked example, the 1 January rule, flexible contracts, dated rules."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tracker.compliance.ikk import IkkError, RULES, hours_on_first_january, required_hours, rule_for
from tracker.team.tables import audit_log

from compliance_samples import Org, load_requirements


def test_the_worked_example_four_locations_and_10_5_fte_give_305_hours():
    """DOMAIN.md: 50 h × 4 locations + 10 h × 10.5 FTE = 305 h."""
    assert required_hours(rule_for(2019), 4, 10.5, 0) == 305


def test_the_rule_is_chosen_by_year():
    assert rule_for(2021).per_ve_child == 0 and rule_for(2022).per_ve_child == 10
    assert rule_for(2031) is RULES[-1]
    with pytest.raises(IkkError, match="2019"):
        rule_for(2018)


def test_hours_on_first_january_and_the_flexible_average():
    assert hours_on_first_january([("2024-05-01", 24, False), ("2025-03-01", 36, False)], 2025) == 24
    assert hours_on_first_january([("2025-03-01", 36, False)], 2025) == 0  # joined in March
    flexible = [("2024-01-01", 12, True), ("2024-11-16", 30, True)]  # Oct 1 - Nov 15: 12, then 30
    assert hours_on_first_january(flexible, 2025) == pytest.approx((46 * 12 + 46 * 30) / 92, abs=0.01)


@pytest.fixture
def four_locations(app, runner):
    """Four dagopvang locations with 10.5 FTE of PMs on 1 January 2026; one PM joins in March."""
    org = Org(app)
    load_requirements(runner)
    weekly = {"a": [36, 36, 18], "b": [36, 27], "c": [36, 36, 36], "d": [36, 36, 36, 9]}  # 378 h = 10.5 FTE
    for loc, hours in weekly.items():
        org.location(f"loc-{loc}")
        org.team(f"team-{loc}", f"loc-{loc}")
        for n, h in enumerate(hours):
            pm = org.learner(f"pm-{loc}{n}", role="pm-ervaren", team=f"team-{loc}")
            org.hours(pm, h, "2025-06-01")
    org.learner("manager-a", role="leidinggevende", team="team-a")
    org.hours("manager-a", 36, "2025-01-01")  # not a PM: not counted
    late = org.learner("late-joiner", role="pm-starter", team="team-a")
    org.hours(late, 36, "2026-03-01")
    org.confirmation("pm-a0", "coaching", "2026-02-03", minutes=60)
    org.confirmation("pm-a0", "coaching", "2026-05-03", minutes=30, staff_name="Bea Beleid")
    org.confirmation("pm-a1", "coaching", "2025-12-20", minutes=45)  # last year
    org.confirmation("pm-a2", "coaching", "2026-04-01", minutes=90, voided=True)
    return org


def test_the_ledger_for_four_locations(app, runner, four_locations):
    result = runner.invoke(args=["compliance", "ikk", "--year", "2026", "--json"])
    assert result.exit_code == 0, result.output
    ledger = json.loads(result.output)
    assert ledger["organisation"]["kindercentra"] == 4
    assert ledger["organisation"]["fte"] == 10.5
    assert ledger["organisation"]["required_hours"] == 305
    a = next(line for line in ledger["locations"] if line["id"] == "loc-a")
    assert a["fte"] == 2.5 and a["required_hours"] == 75
    assert a["coaching_hours"] == 1.5
    assert [p["id"] for p in a["not_coached"]] == ["late-joiner", "pm-a1", "pm-a2"]
    assert sum(line["required_hours"] for line in ledger["locations"]) == 305


def test_ve_children_add_ten_hours_each_since_2022(app, runner):
    org = Org(app)
    load_requirements(runner)
    org.location("ve-loc", "peuteropvang", ve_children=12)
    one = json.loads(runner.invoke(args=["compliance", "ikk", "--year", "2026", "--location", "ve-loc",
                                         "--json"]).output)
    assert one["locations"][0]["required_hours"] == 50 + 120
    old = json.loads(runner.invoke(args=["compliance", "ikk", "--year", "2021", "--json"]).output)
    assert old["organisation"]["required_hours"] == 50


def test_the_split_is_recorded_and_audited(app, runner, four_locations):
    result = runner.invoke(args=["compliance", "ikk", "--year", "2026", "--location", "loc-a",
                                 "--split", "80", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["locations"][0]["split_hours"] == 80
    with app.extensions["tracker"].engine.connect() as conn:
        assert "compliance.ikk_split" in conn.execute(select(audit_log.c.action)).scalars().all()
    bad = runner.invoke(args=["compliance", "ikk", "--year", "2026", "--location", "nergens", "--json"])
    assert bad.exit_code == 1 and "no such location" in bad.output
