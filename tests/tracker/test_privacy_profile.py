"""The tracker's copy of the profile IRIs its privacy rule uses equals the portal's profile (the single source)."""
from __future__ import annotations

import ast
from pathlib import Path

from portal import xapi_profile
from tracker.services import privacy

TRACKER = Path(__file__).resolve().parents[2] / "tracker"


def test_visibility_extension_and_shared_verb_match_the_profile():
    assert privacy.VISIBILITY == xapi_profile.extension("visibility").iri
    assert privacy.SHARED_VERB == xapi_profile.verb("shared").iri
    assert privacy.PRIVATE in xapi_profile.extension("visibility").use


def test_the_tracker_does_not_import_the_portal():
    offenders = []
    for path in TRACKER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] == "portal"]
    assert offenders == []
