"""`learners export`: everything about one person in a ZIP, private statements included, no secrets."""
from __future__ import annotations

import hashlib
import json
import uuid
import zipfile

from sqlalchemy import select

from tracker.storage.schema import credentials, learner_links
from tracker.compliance.tables import compliance_feeds, compliance_files, compliance_reminders
from tracker.team.tables import audit_log, coach_notes, contract_hours
from operations_samples import SHARED, completed, reflection


def test_export_holds_everything_about_the_learner_and_no_secrets(app, client, runner, sign_in, tmp_path):
    for args in (["locations", "add", "--name", "De Vlinder"], ["teams", "add", "--name", "Rupsen",
                                                                 "--location", "De Vlinder", "--json"]):
        made = runner.invoke(args=args)
        assert made.exit_code == 0, made.output
    team = json.loads(made.output)["id"]
    anna, bert = sign_in("Anna <de> Vries", email="anna@example.test", team=team), sign_in("Bert")
    done = client.post("/xapi/statements", json=completed(anna["actor"]), headers=anna["headers"])
    private = client.post("/xapi/statements", json=reflection(anna["actor"], "Ik was onzeker & moe"),
                          headers=anna["headers"])
    assert done.status_code == 200 and private.status_code == 200
    share = {"actor": anna["actor"], "verb": {"id": SHARED, "display": {"nl-NL": "deelde"}},
             "object": {"objectType": "Activity", "id": "https://leerpad.test/zorg/modules/veiligheid/"},
             "context": {"statement": {"objectType": "StatementRef", "id": private.get_json()[0]}}}
    assert client.post("/xapi/statements", json=share, headers=anna["headers"]).status_code == 200
    client.post("/xapi/statements", json=completed(bert["actor"]), headers=bert["headers"])
    # Bert's private reflection names Anna (context.team): it is Bert's, not part of Anna's export.
    mention = reflection(bert["actor"], "Over Anna, privé van Bert")
    mention["context"] = {"team": {"objectType": "Group", "member": [anna["actor"]]}}
    assert client.post("/xapi/statements", json=mention, headers=bert["headers"]).status_code == 200
    state = client.put("/xapi/activities/state", data=json.dumps({"stap": 3}), content_type="application/json",
                       headers=anna["headers"], query_string={
                           "activityId": "https://leerpad.test/zorg/modules/veiligheid/",
                           "agent": json.dumps(anna["actor"]), "stateId": "voortgang"})
    assert state.status_code == 204, state.get_json()
    engine = app.extensions["tracker"].engine
    with engine.begin() as conn:
        conn.execute(coach_notes.insert().values(learner_id=anna["id"], staff_id="s1", staff_name="Coach Cor",
                                                 text="Goed gesprek", created_at="2026-12-01T10:00:00.000000Z"))
        conn.execute(contract_hours.insert().values(learner_id=anna["id"], hours=24, effective_from="2026-01-01",
                                                    flexible=False, recorded_at="2026-01-01T00:00:00.000000Z",
                                                    recorded_by="admin"))
        conn.execute(compliance_files.insert().values(
            learner_id=anna["id"], requirement_id="bhv", filename="bhv-certificaat.pdf",
            content_type="application/pdf", size=9, sha256=hashlib.sha256(b"%PDF-1.4\n").hexdigest(),
            content=b"%PDF-1.4\n", uploaded_at="2026-12-01T10:00:00.000000Z", uploaded_by="learner"))
        conn.execute(compliance_reminders.insert().values(key="expiring:bhv:x", recipient="anna@example.test",
                                                          sent_at="2026-12-01T10:00:00.000000Z"))
        conn.execute(compliance_feeds.insert().values(learner_id=anna["id"], token_hash="f" * 64,
                                                      created_at="2026-12-01T10:00:00.000000Z", active=True))
        conn.execute(coach_notes.insert().values(learner_id=bert["id"], staff_id="s1", staff_name="Coach Cor",
                                                 text="Over Bert", created_at="2026-12-01T10:00:00.000000Z"))
    out = tmp_path / "inzage.zip"
    result = runner.invoke(args=["learners", "export", anna["id"], "--output", str(out),
                                 "--reason", "inzageverzoek", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["statements"] == 3 and report["counts"]["coach_notes"] == 1

    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        files = {name: archive.read(name) for name in names}
    assert {"samenvatting.html", "learner.json", "statements.json", "documents.json", "shares.json",
            "tokens.json", "links.json", "audit.json", "forwarded.json", "coach_notes.json",
            "contract_hours.json", "reflection_feedback.json", "confirmations.json"} <= names
    person = json.loads(files["learner.json"])
    assert (person["email"], person["team_name"], person["location"]) == ("anna@example.test", "Rupsen", "De Vlinder")
    found = json.loads(files["statements.json"])
    assert [s["private"] for s in found] == [False, True, False]
    assert found[1]["statement"]["result"]["response"] == "Ik was onzeker & moe" and found[1]["shared"]
    assert json.loads(files["documents.json"])[0]["content"] == {"stap": 3}
    assert len(json.loads(files["shares.json"])) == 1
    assert [n["text"] for n in json.loads(files["coach_notes.json"])] == ["Goed gesprek"]
    assert json.loads(files["contract_hours.json"])[0]["hours"] == 24
    (certificate,) = json.loads(files["compliance_files.json"])
    assert files[certificate["content"]["file"]] == b"%PDF-1.4\n"
    assert json.loads(files["compliance_feeds.json"])[0]["active"] is True
    assert [r["key"] for r in json.loads(files["compliance_reminders.json"])] == ["expiring:bhv:x"]
    secrets_in_tables = "f" * 64
    tokens = json.loads(files["tokens.json"])
    assert len(tokens) == 1 and "key" not in tokens[0] and "secret_hash" not in tokens[0]
    # No hash of a token or sign-in code, and no token or code itself, anywhere in the ZIP.
    with engine.connect() as conn:
        secrets = set(conn.execute(select(credentials.c.key).where(credentials.c.learner_id == anna["id"])).scalars())
        secrets |= set(conn.execute(select(learner_links.c.code_hash)
                                    .where(learner_links.c.learner_id == anna["id"])).scalars())
    secrets |= {anna["token"], anna["code"], hashlib.sha256(anna["token"].encode()).hexdigest(),
                secrets_in_tables}
    blob = b"".join(files.values())
    assert not [s for s in secrets if s.encode() in blob]
    assert b"Bert" not in blob and bert["id"].encode() not in blob
    html = files["samenvatting.html"].decode()
    assert "Inzage in uw gegevens" in html and "Anna &lt;de&gt; Vries" in html and "<de>" not in html
    assert "privé, gedeeld met uw coach" in html and "Ik was onzeker &amp; moe" in html
    assert "aantekeningen van uw coach" in html and "Rupsen" in html and "De Vlinder" in html
    assert oct(out.stat().st_mode)[-3:] == "600"
    with engine.connect() as conn:
        entry = conn.execute(select(audit_log).where(audit_log.c.subject == anna["id"],
                                                     audit_log.c.action == "learner.export")).one()
    assert json.loads(entry.detail)["reason"] == "inzageverzoek" and entry.actor == "cli"


def test_a_second_export_lists_the_first_in_the_audit(app, runner, sign_in, tmp_path):
    anna = sign_in("Anna")
    for n in (1, 2):
        result = runner.invoke(args=["learners", "export", "Anna", "-o", str(tmp_path / f"{n}.zip")])
        assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "2.zip") as archive:
        audit = json.loads(archive.read("audit.json"))
    assert [e["action"] for e in audit] == ["learner.export"] and audit[0]["subject"] == anna["id"]


def test_a_removed_learner_is_exported_by_id(app, client, runner, sign_in, tmp_path):
    """Until retention erases them, a removed learner's data is still theirs to ask for."""
    anna = sign_in("Anna")
    client.post("/xapi/statements", json=completed(anna["actor"]), headers=anna["headers"])
    assert runner.invoke(args=["learners", "remove", anna["id"]]).exit_code == 0
    result = runner.invoke(args=["learners", "export", anna["id"], "-o", str(tmp_path / "r.zip"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["statements"] == 1
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert json.loads(archive.read("learner.json"))["removed_at"]
        assert "Verwijderd" in archive.read("samenvatting.html").decode()


def test_export_of_an_unknown_learner_is_a_clear_error(app, runner):
    result = runner.invoke(args=["learners", "export", uuid.uuid4().hex[:16]])
    assert result.exit_code != 0 and "no learner" in result.output and "Traceback" not in result.output


def test_the_audit_log_is_exportable(app, runner, sign_in, tmp_path):
    anna = sign_in("Anna")
    assert runner.invoke(args=["learners", "export", anna["id"], "-o", str(tmp_path / "a.zip")]).exit_code == 0
    assert runner.invoke(args=["retention", "run"]).exit_code == 0
    lines = runner.invoke(args=["audit", "export"]).output.splitlines()
    assert [json.loads(line)["action"] for line in lines][-2:] == ["learner.export", "retention.run"]
    mine = runner.invoke(args=["audit", "export", "--learner", anna["id"], "--format", "csv"]).output
    assert mine.splitlines()[0].startswith("id,at,actor") and len(mine.splitlines()) == 2
    out = tmp_path / "audit.jsonl"
    assert runner.invoke(args=["audit", "export", "--since", "2000-01-01", "-o", str(out)]).exit_code == 0
    assert len(out.read_text().splitlines()) == len(lines)


def test_dates_in_the_summary_read_as_dutch():
    from tracker.operations.export import dutch_date

    assert dutch_date("2026-11-01T10:05:00.000000Z") == "1 november 2026, 10:05 (UTC)"
    assert dutch_date("2026-03-09") == "9 maart 2026" and dutch_date(None) == "" and dutch_date("x") == "x"
