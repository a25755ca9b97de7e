"""portal.checks.validate and portal.checks.resolve: every cross-file message."""

from pathlib import Path

import pytest
from portal_helpers import module, problems_of, write

from portal.model import messages
from portal.model.load import load_sources
from portal.model.problems import Problems
from portal.checks.resolve import resolve_paths

ROLE = """
title: Rol
description: Een rol.
audience: Iedereen
"""


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages; tests/portal/model/test_portal_messages.py covers both languages."""
    messages.use("en")
    yield
    messages.use("nl")


def path(project: Path, role: str, text: str) -> Path:
    return write(project / "paths" / f"{role}.yml", ROLE + text)


def test_unknown_module_id_with_hint(sample):
    path(sample, "rol", """
phases:
  - id: start
    title: Start
    steps:
      - module: veiligheidd
""")
    assert ("paths/rol.yml:9: phases[0].steps[0].module: unknown module 'veiligheidd'; did you mean 'veiligheid'?"
            in problems_of(sample))


def test_unknown_extends(sample):
    path(sample, "rol", "extends: basiss\n")
    assert "paths/rol.yml:4: extends: unknown path 'basiss'; did you mean 'basis'?" in problems_of(sample)


def test_cycle_in_extends_is_reported_for_each_path_in_it(sample):
    path(sample, "een", "extends: twee\n")
    path(sample, "twee", "extends: een\n")
    path(sample, "drie", "extends: een\n")
    found = problems_of(sample)
    assert "paths/een.yml:4: extends: cycle in extends: een -> twee -> een" in found
    assert "paths/twee.yml:4: extends: cycle in extends: twee -> een -> twee" in found
    assert not any(p.startswith("paths/drie.yml") for p in found)


def test_path_extending_itself(sample):
    path(sample, "zelf", "extends: zelf\n")
    assert "paths/zelf.yml:4: extends: cycle in extends: zelf -> zelf" in problems_of(sample)


def test_duplicate_phase_id(sample):
    path(sample, "rol", """
phases:
  - id: start
    title: Start
  - id: start
    title: Nog eens
""")
    assert "paths/rol.yml:8: phases[1].id: duplicate phase id 'start' (also line 6)" in problems_of(sample)


def test_duplicate_step_id_within_a_path(sample):
    path(sample, "rol", """
phases:
  - id: start
    title: Start
    steps:
      - module: veiligheid
      - training: Veiligheid oefenen
        id: veiligheid
        duration: 30
        description: Oefenen.
""")
    assert ("paths/rol.yml:10: phases[0].steps[1]: duplicate step id 'veiligheid' in path 'rol' "
            "(also paths/rol.yml:9)" in problems_of(sample))


def test_duplicate_step_id_across_extends(sample):
    path(sample, "rol", """
extends: basis
phases:
  - id: verder
    title: Verder
    steps:
      - module: observeren
""")
    assert ("paths/rol.yml:10: phases[0].steps[0]: duplicate step id 'observeren' in path 'rol' "
            "(also paths/basis.yml:11)" in problems_of(sample))


def test_extends_appends_steps_to_a_parent_phase_and_adds_new_phases_after(sample):
    problems = Problems(sample)
    sources = load_sources(sample / "content", sample / "paths", problems)
    resolved = resolve_paths(sources.paths, problems)
    starter = resolved["pm-starter"]
    assert [p.id for p in starter.phases] == ["start", "verdieping"]
    assert [s.id for s in starter.phases[0].steps] == ["veiligheid", "observeren", "kinder-ehbo"]
    assert starter.phases[0].steps[0].file.name == "basis.yml"
    assert [s.role for s in starter.chain] == ["basis", "pm-starter"]


def test_intake_refers_to_unknown_step(sample):
    path(sample, "rol", """
extends: basis
intake:
  questions:
    - id: ervaring
      question: Ervaring?
      options:
        - text: Ja
          mastered: [veiligheid, brandveiligheid]
        - text: Nee
""")
    assert "paths/rol.yml:12: intake.questions[0].options[0].mastered[1]: unknown step id 'brandveiligheid'" in [
        p.split(";")[0] for p in problems_of(sample)]


def test_an_intake_with_every_rule_that_can_work_is_accepted(sample):
    path(sample, "rol", """
extends: basis
phases:
  - id: verdieping
    title: Verdieping
    steps:
      - {module: oudergesprekken, required: false}
      - {module: leiding-geven, required: false, offer: intake}
intake:
  questions:
    - id: werkplek
      question: Waar werk je?
      options:
        - {text: Babygroep, require: [oudergesprekken], mastered: [veiligheid]}
        - {text: Peuters, hide: [oudergesprekken], recommend: [observeren]}
    - id: ambitie
      question: Wat wil je leren?
      options:
        - {text: Leidinggeven, add: [leiding-geven]}
        - {text: Weet ik niet}
""")
    assert [p for p in problems_of(sample) if p.startswith("paths/rol.yml")] == []


def test_an_offered_step_in_a_shared_core_is_checked_in_each_portal_that_uses_it(sample):
    write(sample / "paths/kern.yml", ROLE + """
abstract: true
extends: basis
phases:
  - id: extra
    title: Extra
    steps: [{module: oudergesprekken, required: false, offer: intake}]
""")
    path(sample, "toevoegen", """
extends: kern
intake:
  questions:
    - id: ouders
      question: Ouders?
      options: [{text: Ja, add: [oudergesprekken]}, {text: Nee}]
""")
    path(sample, "vergeten", "extends: kern\n")
    found = problems_of(sample)
    assert [p for p in found if "never" in p or "offer" in p] == [
        "paths/kern.yml:10: phases[0].steps[0].offer: step 'oudergesprekken' has `offer: intake`, but no answer in the "
        "intake of 'vergeten' adds it; write `add: [oudergesprekken]` under an answer or remove `offer: intake`"]


def test_a_required_step_made_optional_by_nobody_cannot_be_hidden_but_mastered_can(sample):
    path(sample, "rol", """
extends: basis
intake:
  questions:
    - id: ervaring
      question: Ervaring?
      options: [{text: Ja, mastered: [veiligheid]}, {text: Nee, hide: [observeren]}]
""")
    found = [p for p in problems_of(sample) if p.startswith("paths/rol.yml")]
    assert [p.split(";")[0] for p in found] == [
        "paths/rol.yml:10: intake.questions[0].options[1].hide[0]: step 'observeren' is required and cannot be hidden"]


def test_duplicate_intake_question_id(sample):
    path(sample, "rol", """
extends: basis
intake:
  questions:
    - id: ervaring
      question: Ervaring?
      options: [{text: Ja}, {text: Nee}]
    - id: ervaring
      question: Nog eens?
      options: [{text: Ja}, {text: Nee}]
""")
    assert "paths/rol.yml:11: intake.questions[1].id: duplicate intake question id 'ervaring'" in problems_of(sample)


def test_module_in_no_path_is_a_warning(sample):
    module(sample, "los")
    assert "content/los.md:1: module: warning: module 'los' is in no path" in problems_of(sample)


def test_path_without_steps_is_a_warning(sample):
    path(sample, "leeg", "")
    assert "paths/leeg.yml:1: phases: warning: the path has no steps" in problems_of(sample)


def test_missing_image(sample):
    module(sample, "veiligheid", body="Tekst\n\n![Foto](foto.png)\n")
    assert "content/veiligheid.md:9: image: missing image 'foto.png'" in problems_of(sample)


def test_missing_linked_file(sample):
    module(sample, "veiligheid", body="[Plan](plan.pdf)\n")
    assert "content/veiligheid.md:7: link: missing file 'plan.pdf'" in problems_of(sample)


def test_broken_links_between_modules_in_every_form(sample):
    module(sample, "veiligheid", body="""
[a](../observeer/)
[b](observeer.md)
[c](observeer/index.md#kop)
[d](../observeren/) [e](observeren/index.md) [f](oudergesprekken.md) [g](https://example.org/)
""")
    found = problems_of(sample)
    assert "content/veiligheid.md:8: link: broken link '../observeer/': no module 'observeer'; did you mean 'observeren'?" in found
    assert "content/veiligheid.md:9: link: broken link 'observeer.md': no module 'observeer'; did you mean 'observeren'?" in found
    assert ("content/veiligheid.md:10: link: broken link 'observeer/index.md#kop': no module 'observeer'; "
            "did you mean 'observeren'?" in found)
    assert not any(":11:" in p for p in found)


def test_a_folder_modules_link_without_dotdot_gets_the_right_form(sample):
    module(sample, "foto", folder=True, body="[Zie](veiligheid.md#kop)\n")
    found = problems_of(sample)
    assert ("content/foto/index.md:7: link: broken link 'veiligheid.md#kop': no module 'foto/veiligheid'; "
            "this module is a folder, so a link to module 'veiligheid' is '../veiligheid.md#kop'") in found


def test_links_in_code_blocks_are_ignored(sample):
    module(sample, "veiligheid", body="```\n[a](../nergens/)\n```\n")
    assert problems_of(sample) == []


def test_reference_links_are_checked_and_footnotes_are_not_links(sample):
    module(sample, "veiligheid", body="[Zie][obs]\n\n[obs]: ../observeer/\n[^1]: Een voetnoot.\n")
    found = problems_of(sample)
    assert any("content/veiligheid.md:9: link: broken link '../observeer/'" in p for p in found)
    assert len(found) == 1


def test_a_module_with_front_matter_errors_still_exists_for_links_and_steps(sample):
    """Its own errors are reported; no cascade of broken links or unknown steps."""
    module(sample, "kapot", front="duraton: 10")
    module(sample, "verwijzer", body="Lees [kapot](kapot.md).\n")
    path(sample, "rol", """
phases:
  - id: start
    title: Start
    steps:
      - module: kapot
      - module: verwijzer
""")
    found = problems_of(sample)
    assert any(p.startswith("content/kapot.md:") and "duraton: unknown key" in p for p in found)
    assert not any("kapot" in p and ("broken link" in p or "unknown module" in p) for p in found), found
