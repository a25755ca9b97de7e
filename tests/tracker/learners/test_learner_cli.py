"""`flask --app tracker learners ...` and `portals ...`, through Flask's CLI runner."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import segno

from learner_samples import TECHNIEK, ZORG, manifest, statement, write_site
from png_modules import read_modules


def invoke(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def add(runner, name="Anna", role="zorg", *extra):
    return json.loads(invoke(runner, "learners", "add", "--name", name, "--role", role, *extra,
                             "--json").stdout)


def exchange(client, link: str):
    return client.post("/portal/session", json={"code": link.split("#code=")[1]})


def test_add_json_shape_and_working_link(app, runner, client, loaded):
    invoke(runner, "locations", "add", "--name", "De Vlinder")
    invoke(runner, "teams", "add", "--name", "Noord", "--location", "De Vlinder")
    made = add(runner, "Anna", "zorg", "--team", "Noord", "--email", "anna@zorg.test")
    assert made["team"] == "noord"
    assert set(made) == {"id", "name", "role", "team", "actor", "registration", "link",
                         "link_expires_at", "revoked_links", "qr"}
    assert made["actor"] == {"objectType": "Agent", "account": {
        "homePage": app.config["TRACKER_HOME_PAGE"], "name": made["id"]}}
    assert "anna" not in json.dumps(made["actor"]).lower()
    assert made["link"].startswith("http://127.0.0.1:8000/zorg/#code=")
    session = exchange(client, made["link"]).get_json()
    assert session["actor"] == made["actor"] and session["registration"] == made["registration"]


def test_qr_images_encode_the_link(runner, loaded, tmp_path):
    made = add(runner, "Anna", "zorg", "--qr-dir", str(tmp_path / "qr"))
    svg, png = (tmp_path / "qr" / f"{made['id']}.svg"), (tmp_path / "qr" / f"{made['id']}.png")
    assert made["qr"] == {"svg": str(svg), "png": str(png)}
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert any(el.tag.endswith("path") and el.get("d") for el in root.iter())
    expected = [[bool(v) for v in row] for row in segno.make(made["link"], error="m", micro=False).matrix]
    assert read_modules(png, scale=8, border=4) == expected
    assert oct(png.stat().st_mode & 0o777) == "0o600"


def test_text_output_prints_link_and_file_paths(runner, loaded, app):
    output = invoke(runner, "learners", "add", "--name", "Bert", "--role", "zorg").output
    assert "link:    http://127.0.0.1:8000/zorg/#code=" in output
    assert f"{app.instance_path}/links/" in output and ".svg" in output and ".png" in output


def test_terminal_qr_is_printed_on_request(runner, loaded):
    output = invoke(runner, "learners", "add", "--name", "Cor", "--role", "zorg", "--terminal-qr").output
    assert "█" in output or "▀" in output


def test_list_filters_by_role_and_shows_status(runner, client, loaded):
    anna, bert = add(runner, "Anna", "zorg"), add(runner, "Bert", "techniek")
    exchange(client, anna["link"])
    rows = json.loads(invoke(runner, "learners", "list", "--json").stdout)
    assert [r["id"] for r in rows] == [anna["id"], bert["id"]]
    assert (rows[0]["open_links"], rows[0]["active_tokens"]) == (0, 1)
    assert (rows[1]["open_links"], rows[1]["active_tokens"]) == (1, 0)
    only = json.loads(invoke(runner, "learners", "list", "--role", "techniek", "--json").stdout)
    assert [r["name"] for r in only] == ["Bert"]
    assert "Anna" in invoke(runner, "learners", "list").output


def test_link_makes_a_new_link_and_revokes_the_old(runner, client, loaded):
    first = add(runner)
    second = json.loads(invoke(runner, "learners", "link", first["id"], "--json").stdout)
    assert second["revoked_links"] == 1 and second["link"] != first["link"]
    assert exchange(client, first["link"]).status_code == 401
    assert exchange(client, second["link"]).status_code == 200
    by_name = invoke(runner, "learners", "link", "Anna").output
    assert "older unused links revoked" not in by_name and "link:" in by_name


def test_unknown_or_ambiguous_learner_is_a_clear_error(runner, loaded):
    add(runner, "Anna")
    add(runner, "Anna")
    ambiguous = runner.invoke(args=["learners", "link", "Anna"])
    assert ambiguous.exit_code != 0 and "2 learners are called 'Anna'" in ambiguous.output
    missing = runner.invoke(args=["learners", "revoke", "nobody"])
    assert missing.exit_code != 0 and "no learner 'nobody'" in missing.output


def test_bad_role_is_refused_and_missing_manifest_warned(runner, loaded):
    bad = runner.invoke(args=["learners", "add", "--name", "X", "--role", "Zorg Team"])
    assert bad.exit_code != 0 and "--role" in bad.output
    warned = runner.invoke(args=["learners", "add", "--name", "X", "--role", "onbekend"])
    assert warned.exit_code == 0 and "no manifest loaded for portal 'onbekend'" in warned.stderr


def test_revoke_stops_every_token(runner, client, loaded):
    made = add(runner)
    token = exchange(client, made["link"]).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
    assert client.get("/xapi/statements", headers=headers).status_code == 200
    result = json.loads(invoke(runner, "learners", "revoke", made["id"], "--json").stdout)
    assert result == {"id": made["id"], "revoked_tokens": 1}
    assert client.get("/xapi/statements", headers=headers).status_code == 401


def test_remove_revokes_everything_keeps_statements_and_deletes_qr(runner, client, loaded, headers, tmp_path):
    made = add(runner, "Anna", "zorg", "--qr-dir", str(tmp_path))
    token = exchange(client, made["link"]).get_json()["token"]
    learner = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
    client.post("/xapi/statements", json=statement(made["actor"]), headers=learner)
    pending = json.loads(invoke(runner, "learners", "link", made["id"], "--json",
                                "--qr-dir", str(tmp_path)).stdout)
    result = json.loads(invoke(runner, "learners", "remove", made["id"], "--json",
                               "--qr-dir", str(tmp_path)).stdout)
    assert result == {"id": made["id"], "removed": True, "revoked_links": 1, "revoked_tokens": 1,
                      "purged_statements": None}
    assert client.get("/xapi/statements", headers=learner).status_code == 401
    assert exchange(client, pending["link"]).status_code == 401
    assert len(client.get("/xapi/statements", headers=headers).get_json()["statements"]) == 1
    assert not list(tmp_path.glob(f"{made['id']}.*"))
    assert json.loads(invoke(runner, "learners", "list", "--json").stdout) == []


def test_remove_purge_erases_statements_and_state(runner, client, loaded, headers):
    anna, bert = add(runner, "Anna"), add(runner, "Bert")
    for made in (anna, bert):
        token = exchange(client, made["link"]).get_json()["token"]
        auth = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
        client.post("/xapi/statements", json=statement(made["actor"]), headers=auth)
        client.put("/xapi/activities/state", json={"a": 1}, headers=auth, query_string={
            "activityId": ZORG, "agent": json.dumps(made["actor"]), "stateId": "intake"})
    result = json.loads(invoke(runner, "learners", "remove", anna["id"], "--purge", "--json").stdout)
    assert result["purged_statements"] == 1
    left = client.get("/xapi/statements", headers=headers).get_json()["statements"]
    assert [s["actor"] for s in left] == [bert["actor"]]
    state = {"activityId": ZORG, "stateId": "intake"}
    assert client.get("/xapi/activities/state", headers=headers, query_string=dict(
        state, agent=json.dumps(anna["actor"]))).status_code == 404
    assert client.get("/xapi/activities/state", headers=headers, query_string=dict(
        state, agent=json.dumps(bert["actor"]))).status_code == 200


def test_portals_load_and_list(runner, site):
    loaded = json.loads(invoke(runner, "portals", "load", str(site), "--json").stdout)
    assert sorted(r["portal"] for r in loaded) == ["techniek", "zorg"]
    listed = json.loads(invoke(runner, "portals", "list", "--json").stdout)
    assert [(r["portal"], r["activities"], r["root"]) for r in listed] == [
        ("techniek", 4, TECHNIEK), ("zorg", 4, ZORG)]
    assert "zorg" in invoke(runner, "portals", "list").output


def test_reload_replaces_the_portal_set(runner, client, loaded, tmp_path):
    made = add(runner)
    token = exchange(client, made["link"]).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
    smaller = manifest("zorg", ZORG)
    smaller["activities"] = smaller["activities"][:1]
    site = write_site(tmp_path / "v2", zorg=smaller)
    invoke(runner, "portals", "load", str(site / "zorg" / "xapi-manifest.json"))
    assert client.post("/xapi/statements", json=statement(made["actor"]), headers=auth).status_code == 403
    assert client.post("/xapi/statements", json=statement(made["actor"], activity=ZORG),
                       headers=auth).status_code == 200


def test_bad_manifest_names_file_and_field_and_loads_nothing(runner, tmp_path):
    broken = manifest("zorg", ZORG)
    broken["verbs"] = ["not an iri"]
    broken["activities"][1] = {"name": "zonder id"}
    site = write_site(tmp_path / "bad", zorg=broken)
    result = runner.invoke(args=["portals", "load", str(site)])
    path = site / "zorg" / "xapi-manifest.json"
    assert result.exit_code != 0
    assert f"{path}: verbs[0]" in result.output and f"{path}: activities[1].id" in result.output
    assert json.loads(invoke(runner, "portals", "list", "--json").stdout) == []
    empty = runner.invoke(args=["portals", "load", str(tmp_path / "nothing-here")])
    assert empty.exit_code != 0 and "no such file or folder" in empty.output
