"""docs/compliance.md documents every requirement field, status and command."""
from __future__ import annotations

from tracker.compliance.cli import compliance
from tracker.compliance.periods import STATUSES
from tracker.compliance.requirements import Evidence, Requirement, Who

from compliance_samples import ROOT

DOC = (ROOT / "docs" / "compliance.md").read_text(encoding="utf-8")


def test_every_field_status_and_command_is_documented():
    fields = [f for f in Requirement.model_fields if f not in ("who", "evidence")]
    fields += [f"who.{f}" for f in Who.model_fields]
    missing = [f for f in fields if f"`{f}`" not in DOC]
    missing += [f for f in Evidence.model_fields if f"`{f}" not in DOC]
    missing += [s for s in STATUSES if f"`{s.replace('_', ' ')}`" not in DOC]
    missing += [c for c in compliance.commands if f"compliance {c}" not in DOC]
    assert missing == []
