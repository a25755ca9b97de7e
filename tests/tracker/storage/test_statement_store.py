"""StatementStore and DocumentStore contracts, run on every backend."""
from __future__ import annotations

import json

import pytest

from tracker.storage import Conflict, DocumentKey, StatementFilter, StatementRecord
from tracker.storage.documents import Document


def record(n: int, agent="account:https://x.test|a", verb="http://x.test/verb", **extra) -> StatementRecord:
    statement_id = f"00000000-0000-4000-8000-{n:012d}"
    values = dict(statement_id=statement_id, stored=f"2026-01-01T00:00:{n:02d}.000000Z", verb_id=verb,
                  registration=None, ref_target=None, is_voiding=False, authority_key="auth",
                  version="1.0.0", body=json.dumps({"id": statement_id, "n": n}),
                  agents=[(agent, True)], activities=[("http://x.test/act", True)])
    values.update(extra)
    return StatementRecord(**values)


def same(a: str, b: str) -> bool:
    return json.loads(a) == json.loads(b)


@pytest.fixture
def stores(app):
    return app.extensions["tracker"]


def test_save_and_page_by_sequence(stores):
    store = stores.statements
    store.save([record(n) for n in range(5)], same=same)
    rows, more = store.query(StatementFilter(limit=2))
    assert [json.loads(b)["n"] for _, b in rows] == [4, 3] and more
    rows, more = store.query(StatementFilter(limit=2, after=rows[-1][0]))
    assert [json.loads(b)["n"] for _, b in rows] == [2, 1] and more
    rows, more = store.query(StatementFilter(limit=2, after=rows[-1][0]))
    assert [json.loads(b)["n"] for _, b in rows] == [0] and not more


def test_conflict_refuses_the_whole_batch(stores):
    store = stores.statements
    store.save([record(1)], same=same)
    changed = record(1, body=json.dumps({"changed": True}))
    with pytest.raises(Conflict):
        store.save([record(2), changed], same=same)
    rows, _ = store.query(StatementFilter())
    assert len(rows) == 1


def test_filters_use_the_index_tables(stores):
    store = stores.statements
    store.save([record(1, agent="account:https://x.test|a"), record(2, agent="account:https://x.test|b"),
                record(3, verb="http://x.test/other")], same=same)
    rows, _ = store.query(StatementFilter(agent_key="account:https://x.test|b"))
    assert [json.loads(b)["n"] for _, b in rows] == [2]
    rows, _ = store.query(StatementFilter(verb_id="http://x.test/other"))
    assert [json.loads(b)["n"] for _, b in rows] == [3]
    rows, _ = store.query(StatementFilter(since="2026-01-01T00:00:01.000000Z",
                                          until="2026-01-01T00:00:02.000000Z"))
    assert [json.loads(b)["n"] for _, b in rows] == [2]


def test_document_write_is_atomic_and_deletes(stores):
    documents = stores.documents
    key = DocumentKey("state", "s", activity_id="http://x.test/act", agent_key="a")
    documents.write(key, lambda current: Document("text/plain", b"one", "e1", "2026-01-01T00:00:00.000000Z"))
    assert documents.get(key).content == b"one"
    with pytest.raises(RuntimeError):
        documents.write(key, lambda current: (_ for _ in ()).throw(RuntimeError("refused")))
    assert documents.get(key).content == b"one"
    documents.write(key, lambda current: None)
    assert documents.get(key) is None


def test_credential_reads_may_be_reused_for_max_age(stores):
    """A worker reuses a credential row for max_age seconds; another worker's revocation shows after."""
    from tracker.services.credentials import create_credential
    from tracker.storage import CredentialStore

    credential, _ = create_credential(stores.credentials, "w", ["all"], "https://x.test")
    worker = CredentialStore(stores.engine)
    assert worker.by_key(credential.key, max_age=60).revoked_at is None
    stores.credentials.revoke(credential.key, "2026-01-01T00:00:00.000000Z")
    assert worker.by_key(credential.key, max_age=60).revoked_at is None
    assert worker.by_key(credential.key).revoked_at is not None
