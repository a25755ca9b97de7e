"""portal.model.load and portal.model.schema_errors: every per-file message, as `file:line: field: message`."""

import pytest
from portal_helpers import module, problems_of, write

from portal.model import messages


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages; tests/portal/model/test_portal_messages.py covers both languages."""
    messages.use("en")
    yield
    messages.use("nl")


def has(found: list[str], start: str) -> bool:
    return any(p.startswith(start) for p in found)


def only(project, strict=False):
    found = problems_of(project, strict)
    return [p for p in found if "is in no path" not in p]


def test_sample_portal_has_no_problems(sample):
    assert problems_of(sample) == []


def test_unknown_front_matter_key_suggests_the_right_one(sample):
    module(sample, "nieuw", "sumary: Typfout.")
    assert "content/nieuw.md:6: sumary: unknown key; did you mean 'summary'?" in only(sample)


def test_unknown_key_without_close_match_lists_allowed_keys(sample):
    module(sample, "nieuw", "kleur: rood")
    (problem,) = [p for p in only(sample) if "kleur" in p]
    assert problem.startswith("content/nieuw.md:6: kleur: unknown key; allowed: title, summary,")


def test_wrong_type_names_the_value(sample):
    module(sample, "nieuw", "duration: lang")
    assert any(p.startswith("content/nieuw.md:") and ": duration: " in p and "'lang'" in p for p in only(sample))


def test_wrong_level_lists_the_choices(sample):
    module(sample, "nieuw", "level: expert")
    (problem,) = [p for p in only(sample) if "level" in p]
    assert "one of: starter, ervaren, iedereen, for example `level: starter` (got 'expert')" in problem


def test_missing_required_field_points_at_the_front_matter(sample):
    write(sample / "content/leeg.md", "---\ntitle: Leeg\nduration: 5\nlevel: starter\n---\nTekst\n")
    assert ("content/leeg.md:2: summary: required but missing; add it, for example "
            "`summary: Kijken zonder meteen te oordelen.`") in only(sample)


def test_nested_error_names_the_nested_line(sample):
    module(sample, "nieuw", """
        check:
          - question: Wat?
            options:
              - text: Ja
                correct: true
                feedbak: Goed
              - text: Nee
        """)
    assert "content/nieuw.md:11: check[0].options[0].feedbak: unknown key; did you mean 'feedback'?" in only(sample)


def test_single_choice_needs_exactly_one_correct_option(sample):
    module(sample, "nieuw", """
        check:
          - question: Wat?
            options:
              - text: Ja
              - text: Nee
        """)
    assert has(only(sample), "content/nieuw.md:7: check[0]: a single-choice question needs exactly one correct "
                             "option, found 0; mark one `correct: true`, or use `type: multiple`")


def test_missing_front_matter(sample):
    write(sample / "content/kaal.md", "# Geen front matter\n")
    assert ("content/kaal.md:1: front matter: missing: start the file with '---', the module's fields, and '---'"
            in only(sample))


def test_unclosed_front_matter(sample):
    write(sample / "content/open.md", "---\ntitle: Open\n")
    assert ("content/open.md:1: front matter: not closed: add a line '---' after the fields (opened on line 1)"
            in only(sample))


def test_malformed_front_matter_yaml_has_the_file_line(sample):
    write(sample / "content/kapot.md", "---\ntitle: Kapot\nsummary: [niet dicht\nduration: 5\n---\n")
    (problem,) = [p for p in only(sample) if "kapot" in p]
    assert problem.startswith("content/kapot.md:4: yaml: malformed YAML at or just before this line")


def test_front_matter_that_is_not_a_mapping(sample):
    write(sample / "content/lijst.md", "---\n- een\n- twee\n---\n")
    assert "content/lijst.md:2: front matter: expected a mapping of fields, such as `title: ...`, but this is a list" \
        in only(sample)


def test_duplicate_key_in_yaml(sample):
    module(sample, "nieuw", "themes: [a]\nthemes: [b]")
    assert "content/nieuw.md:7: themes: duplicate key; keep one" in only(sample)


def test_duplicate_module_id_file_and_folder(sample):
    module(sample, "veiligheid", folder=True)
    assert ("content/veiligheid.md:1: id: duplicate module id 'veiligheid' (also content/veiligheid/index.md)"
            in only(sample))


def test_module_id_must_be_a_slug(sample):
    module(sample, "Grote_Letters")
    assert ("content/Grote_Letters.md:1: id: module id 'Grote_Letters' must be lowercase letters, digits and hyphens; "
            "rename the file or folder"
            in only(sample))


def test_malformed_path_yaml(sample):
    write(sample / "paths/kapot.yml", "title: Kapot\nphases: [\n  - id: x\n")
    (problem,) = [p for p in only(sample) if "kapot" in p]
    assert problem.startswith("paths/kapot.yml:") and ": yaml: malformed YAML at or just before this line" in problem


def test_path_file_name_must_be_a_slug(sample):
    write(sample / "paths/Mijn Rol.yml", "title: x\n")
    assert ("paths/Mijn Rol.yml:1: role: path file name 'Mijn Rol.yml' must be lowercase letters, digits and hyphens"
            in only(sample))


def test_path_that_is_not_a_mapping(sample):
    write(sample / "paths/lijst.yml", "- a\n")
    assert "paths/lijst.yml:1: path: expected a mapping of fields, such as `title: ...`, but this is a list" in only(sample)


def test_unknown_path_key_suggests(sample):
    write(sample / "paths/rol.yml", """
        title: Rol
        description: Een rol.
        audiense: Iedereen
        """)
    found = only(sample)
    assert "paths/rol.yml:3: audiense: unknown key; did you mean 'audience'?" in found
    assert has(found, "paths/rol.yml:1: audience: required but missing; add it, for example `audience: ")


def test_step_without_a_kind_key_gets_a_hint(sample):
    write(sample / "paths/rol.yml", """
        title: Rol
        description: Een rol.
        audience: Iedereen
        phases:
          - id: start
            title: Start
            steps:
              - modul: veiligheid
        """)
    assert ("paths/rol.yml:8: phases[0].steps[0]: a step needs exactly one of: module, training, coaching, "
            "intervisie; did you mean 'module' instead of 'modul'?" in only(sample))


def test_step_with_two_kind_keys(sample):
    write(sample / "paths/rol.yml", """
        title: Rol
        description: Een rol.
        audience: Iedereen
        phases:
          - id: start
            title: Start
            steps:
              - module: veiligheid
                training: EHBO
        """)
    assert any("paths/rol.yml:8: phases[0].steps[0]: a step needs exactly one of" in p
               and "(found module, training)" in p for p in only(sample))


def test_error_inside_a_step_drops_the_kind_tag_from_the_field(sample):
    write(sample / "paths/rol.yml", """
        title: Rol
        description: Een rol.
        audience: Iedereen
        phases:
          - id: start
            title: Start
            steps:
              - training: EHBO
                id: ehbo
                duration: 60
                descriptoin: Oefenen.
        """)
    found = only(sample)
    assert "paths/rol.yml:11: phases[0].steps[0].descriptoin: unknown key; did you mean 'description'?" in found
    assert has(found, "paths/rol.yml:8: phases[0].steps[0].description: required but missing; add it")


def test_coaching_needs_preparation(sample):
    write(sample / "paths/rol.yml", """
        title: Rol
        description: Een rol.
        audience: Iedereen
        phases:
          - id: start
            title: Start
            steps:
              - coaching: Gesprek
                id: gesprek
                duration: 30
                description: Praten.
        """)
    assert ("paths/rol.yml:8: phases[0].steps[0]: a coaching step needs at least one preparation question, "
            "for example `preparation: [Wat wil je bespreken?]`" in only(sample))


def test_all_problems_are_reported_at_once(sample):
    module(sample, "een", "sumary: x")
    module(sample, "twee", "level: expert")
    write(sample / "content/drie.md", "geen front matter\n")
    files = {p.split(":")[0] for p in only(sample)}
    assert {"content/een.md", "content/twee.md", "content/drie.md"} <= files


def test_two_files_for_one_path(sample):
    write(sample / "paths/basis.yaml", "title: x\n")
    assert "paths/basis.yml:1: role: duplicate path 'basis' (also paths/basis.yaml)" in only(sample)


def test_missing_source_folders(tmp_path):
    found = problems_of(tmp_path)
    assert "content:1: content: folder not found" in found
    assert "paths:1: paths: folder not found" in found


def test_files_that_are_not_utf8(sample):
    (sample / "content/latin.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    (sample / "paths/latin.yml").write_bytes(b"title: x\n\ndescription: \xe9\n")
    found = only(sample)
    assert "content/latin.md:2: encoding: not UTF-8 text: save the file as UTF-8" in found
    assert "paths/latin.yml:3: encoding: not UTF-8 text: save the file as UTF-8" in found
