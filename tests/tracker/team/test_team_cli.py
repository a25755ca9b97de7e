"""`flask --app tracker locations|teams|staff ...` and `learners hours|team`: JSON for scripts,
clear errors that name the option, a history of contract hours."""
from __future__ import annotations

import json


def run(runner, *args):
    result = runner.invoke(args=list(args))
    return result.exit_code, result.output


def data(runner, *args):
    result = runner.invoke(args=[*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # warnings go to stderr


def test_structure_and_staff_from_the_command_line(app, runner):
    location = data(runner, "locations", "add", "--name", "De Vlinder", "--lrk", "123456789", "--kind", "dagopvang",
                    "--ve-children", "4")
    assert location == {"id": "de-vlinder", "name": "De Vlinder", "lrk": "123456789", "kind": "dagopvang",
                        "ve_children": 4}
    assert data(runner, "teams", "add", "--name", "Rupsen", "--location", "De Vlinder")["location_id"] == "de-vlinder"
    assert [t["id"] for t in data(runner, "teams", "list", "--location", "de-vlinder")] == ["rupsen"]
    coach = data(runner, "staff", "add", "--name", "Ilse", "--role", "coach", "--team", "Rupsen",
                 "--email", "Ilse@Vlinder.test")
    assert coach["scope"] == ["rupsen"] and coach["email"] == "ilse@vlinder.test"
    assert coach["link"].startswith("http://127.0.0.1:5000/team/aanmelden/")
    listed = data(runner, "staff", "list")
    assert [(m["name"], m["role"], m["sessions"]) for m in listed] == [("Ilse", "coach", 0)]
    again = data(runner, "staff", "link", "ilse@vlinder.test")
    assert again["link"] != coach["link"]
    assert data(runner, "staff", "revoke", "Ilse")["revoked_links"] == 1
    assert data(runner, "staff", "remove", "Ilse")["removed"] is True
    assert data(runner, "staff", "list") == []


def test_errors_name_what_is_wrong(app, runner):
    data(runner, "locations", "add", "--name", "De Vlinder")
    cases = [
        (("locations", "add", "--name", "De Vlinder"), "already exists"),
        (("locations", "add", "--name", "X", "--lrk", "12ab"), "lrk: expected the LRK number"),
        (("teams", "add", "--name", "T", "--location", "Nergens"), "no location 'Nergens' (known: De Vlinder)"),
        (("staff", "add", "--name", "A", "--role", "coach", "--location", "De Vlinder"), "a coach looks after teams"),
        (("staff", "add", "--name", "A", "--role", "coach", "--team", "Geen"), "no team 'Geen'"),
        (("staff", "link", "Niemand"), "no staff member 'Niemand'"),
        (("staff", "revoke"), "give a MEMBER or --all"),
        (("learners", "add", "--name", "A", "--role", "pm", "--team", "Geen"), "no team 'Geen'"),
        (("learners", "add", "--name", "A", "--role", "pm", "--hours-from", "2026-01-01"), "--hours-from goes with --hours"),
    ]
    for args, message in cases:
        code, output = run(runner, *args)
        assert code != 0 and message in output and "Traceback" not in output, (args, output)


def test_contract_hours_are_a_history(app, runner):
    data(runner, "locations", "add", "--name", "De Vlinder")
    data(runner, "teams", "add", "--name", "Rupsen", "--location", "De Vlinder")
    learner = data(runner, "learners", "add", "--name", "Sanne", "--role", "pm", "--team", "Rupsen",
                   "--hours", "24", "--hours-from", "2025-06-01", "--started", "2025-06-01")
    assert data(runner, "learners", "hours", learner["id"], "32", "--from", "2026-03-01")["hours"] == 32.0
    code, output = run(runner, "learners", "hours", learner["id"], "32", "--from", "1 maart")
    assert code != 0 and "from: expected a date like 2026-01-01" in output
    from tracker.team.state import team_state

    with app.app_context():
        structure = team_state().structure
        history = [(h.hours, h.effective_from) for h in structure.hours_history(learner["id"])]
        assert history == [(24.0, "2025-06-01"), (32.0, "2026-03-01")]
        assert structure.hours_on(learner["id"], "2026-01-01").hours == 24.0
        assert structure.hours_on(learner["id"], "2026-12-31").hours == 32.0
        assert structure.hours_on(learner["id"], "2025-01-01") is None
    assert data(runner, "learners", "team", learner["id"], "Rupsen")["team"] == "rupsen"
