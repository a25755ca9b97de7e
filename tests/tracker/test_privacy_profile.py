"""The tracker's copy of the profile IRIs its privacy rule uses equals the portal's profile (the single source)."""
from __future__ import annotations

import ast
from pathlib import Path

from portal.stage import xapi_profile
from tracker.services import privacy

TRACKER = Path(__file__).resolve().parents[2] / "tracker"


def test_visibility_extension_and_shared_verb_match_the_profile():
    assert privacy.VISIBILITY == xapi_profile.extension("visibility").iri
    assert privacy.SHARED_VERB == xapi_profile.verb("shared").iri
    assert privacy.PRIVATE in xapi_profile.extension("visibility").use


# The one place the tracker borrows from the portal: `flask --app tracker compliance load`, an
# editor-facing command, reads paths/compliance/requirements.yml with the portal's YAML reader and
# messages (file:line for every problem, as the build reports them), imported inside the functions.
BORROWS_THE_EDITOR_TOOLS = {"compliance/requirements.py", "compliance/cli.py"}


def test_the_tracker_does_not_import_the_portal():
    """No tracker module imports the portal when it is imported (the server runs without the generator);
    only the requirements loader imports the portal's YAML tools, inside the functions that read a file."""
    offenders = []
    for path in TRACKER.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_level = set(tree.body)
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if not any(n.split(".")[0] == "portal" for n in names):
                continue
            lazy = node not in module_level and path.relative_to(TRACKER).as_posix() in BORROWS_THE_EDITOR_TOOLS
            if not lazy and not _type_checking_only(tree, node):
                offenders.append(f"{path}:{node.lineno}: {names}")
    assert offenders == []


def _type_checking_only(tree: ast.Module, node: ast.AST) -> bool:
    return any(isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING" and node in block.body
               for block in tree.body)


def test_starting_the_tracker_loads_no_portal_module(tmp_path):
    """The app and every module it imports at start-up, in a fresh interpreter: nothing from portal/."""
    import subprocess
    import sys

    code = ("import sys; from tracker import create_app; "
            f"create_app({{'TRACKER_DATABASE_URL': 'sqlite:///{tmp_path / 't.sqlite3'}'}}); "
            "print(sorted(m for m in sys.modules if m == 'portal' or m.startswith('portal.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=TRACKER.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
