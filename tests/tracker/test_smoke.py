from tracker_samples import statement

def test_post_and_get(client, headers):
    r = client.post("/xapi/statements", json=statement(), headers=headers)
    assert r.status_code == 200, r.get_json()
    (sid,) = r.get_json()
    r = client.get("/xapi/statements", query_string={"statementId": sid}, headers=headers)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["id"] == sid
    r = client.get("/xapi/statements", headers=headers)
    assert r.get_json()["statements"][0]["id"] == sid
