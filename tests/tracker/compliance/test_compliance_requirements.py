"""paths/compliance/requirements.yml: typed, every problem reported with file:line at once."""
from __future__ import annotations

import pytest

from tracker.compliance.requirements import RequirementsInvalid, load_requirements

from compliance_samples import REQUIREMENTS, ROOT


def test_the_demo_declares_the_seven_requirements():
    declared = load_requirements(REQUIREMENTS)
    assert [r.id for r in declared.requirements] == [
        "meldcode", "kinder-ehbo", "bhv", "babyscholing", "taaleis", "ve-certificaat", "vog-personenregister"]
    by_id = {r.id: r for r in declared.requirements}
    assert by_id["meldcode"].validity_months == 12 and by_id["meldcode"].evidence.module == "meldcode-vijf-stappen"
    assert by_id["kinder-ehbo"].validity_months == 24 and by_id["kinder-ehbo"].evidence.certificate
    assert by_id["babyscholing"].validity_months is None and by_id["babyscholing"].since == "2025-01-01"
    assert by_id["taaleis"].who.location_kinds == {"dagopvang": "3F", "peuteropvang": "3F",
                                                   "combinatie": "3F", "bso": "2F"}
    assert by_id["vog-personenregister"].evidence.kinds == ["manual"]


def write(tmp_path, text: str):
    paths = tmp_path / "paths"
    (paths / "compliance").mkdir(parents=True)
    (paths / "pm-starter.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "plain.md").write_text(
        "---\ntitle: P\nsummary: S\nduration: 5\nlevel: iedereen\n---\nBody\n", encoding="utf-8")
    file = paths / "compliance" / "requirements.yml"
    file.write_text(text, encoding="utf-8")
    return file


def test_every_problem_at_once_with_its_line(tmp_path):
    file = write(tmp_path, """requirements:
  - id: a
    title: A
    validity_months: 0
    evidence: {certificate: true}
  - id: a
    title: B
    validity_months: 12
    who: {roles: [kok]}
    colour: red
    evidence: {}
  - id: c
    title: C
    validity_months: 12
    evidence: {module: plain}
""")
    with pytest.raises(RequirementsInvalid) as caught:
        load_requirements(file)
    text = str(caught.value)
    assert "requirements.yml:4: requirements[0].validity_months" in text
    assert "requirements.yml:10: requirements[1].colour" in text
    assert "requirements.yml:11: requirements[1].evidence" in text
    assert len(caught.value.problems.errors) == 3  # the schema first; cross-checks follow once it is valid


def test_cross_checks_name_roles_modules_and_duplicates(tmp_path):
    file = write(tmp_path, """requirements:
  - id: a
    title: A
    validity_months: 12
    who: {roles: [kok]}
    evidence: {certificate: true}
  - id: a
    title: B
    validity_months: 12
    evidence: {module: plain}
""")
    with pytest.raises(RequirementsInvalid) as caught:
        load_requirements(file)
    lines = str(caught.value).splitlines()
    assert any(":5: requirements[0].who.roles" in line and "unknown role 'kok'" in line for line in lines)
    assert any(":7: requirements[1].id" in line and "declared twice" in line for line in lines)
    assert any(":10: requirements[1].evidence.module" in line and "renewal" in line for line in lines)


def test_malformed_yaml_names_the_line(tmp_path):
    file = write(tmp_path, "requirements:\n  - id: a\n   title: [\n")
    with pytest.raises(RequirementsInvalid) as caught:
        load_requirements(file)
    assert "requirements.yml:3" in str(caught.value) or "requirements.yml:4" in str(caught.value)


def test_load_command_prints_problems_not_a_traceback(runner, tmp_path):
    file = write(tmp_path, "requirements:\n  - id: A!\n    title: A\n    validity_months: 1\n"
                           "    evidence: {manual: true}\n")
    result = runner.invoke(args=["compliance", "load", str(file)])
    assert result.exit_code == 1
    assert "requirements.yml:2: requirements[0].id" in result.output
    assert "Traceback" not in result.output


def test_the_module_that_proves_the_meldcode_has_a_renewal_field():
    from portal.model.load import load_modules
    from portal.model.problems import Problems

    modules = load_modules(ROOT / "content", Problems())
    assert modules["meldcode-vijf-stappen"].meta.renewal.every_months == 12
