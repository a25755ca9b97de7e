"""portal.model.schema and portal.model.yamlsource: the models and the line-keeping YAML reader."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from portal.model import schema
from portal.model.schema import CoachingStep, Intake, IntakeOption, LearningPath, ModuleMeta, Phase, Question, TrainingStep
from portal.model.yamlsource import YamlError, parse

MODULE = {"title": "Observeren", "summary": "Kijken.", "duration": 20, "level": "starter"}


def test_module_defaults_and_dates():
    meta = ModuleMeta.model_validate(MODULE | {"review": {"owner": "Team", "next": dt.date(2027, 3, 1)}})
    assert meta.themes == [] and meta.check == [] and meta.renewal is None
    assert meta.model_dump(mode="json")["review"]["next"] == "2027-03-01"


@pytest.mark.parametrize("change", [{"level": "expert"}, {"duration": 0}, {"duration": 601}, {"title": ""},
                                    {"kleur": "rood"}])
def test_module_rejects(change):
    with pytest.raises(ValidationError):
        ModuleMeta.model_validate(MODULE | change)


def test_question_correct_counts():
    options = [{"text": "a", "correct": True}, {"text": "b", "correct": True}]
    assert Question.model_validate({"question": "?", "type": "multiple", "options": options}).type == "multiple"
    with pytest.raises(ValidationError, match="exactly one correct option, found 2"):
        Question.model_validate({"question": "?", "options": options})
    with pytest.raises(ValidationError, match="at least one correct option"):
        Question.model_validate({"question": "?", "type": "multiple", "options": [{"text": "a"}, {"text": "b"}]})


def test_steps_are_told_apart_by_their_kind_key():
    phase = Phase.model_validate({"id": "start", "title": "Start", "steps": [
        {"module": "observeren"},
        {"training": "EHBO", "id": "ehbo", "duration": 480, "description": "Oefenen."},
        {"coaching": "Gesprek", "id": "gesprek", "duration": 30, "description": "Praten.", "preparation": ["?"]},
    ]})
    assert [s.kind for s in phase.steps] == ["module", "training", "coaching"]
    assert [s.id for s in phase.steps] == ["observeren", "ehbo", "gesprek"]
    assert isinstance(phase.steps[1], TrainingStep) and phase.steps[1].title == "EHBO"
    assert phase.steps[0].required is True and phase.steps[0].level is None


def test_coaching_without_preparation_is_rejected():
    with pytest.raises(ValidationError, match="at least one preparation question"):
        CoachingStep.model_validate({"coaching": "G", "id": "g", "duration": 5, "description": "x"})


def test_path_and_intake():
    path = LearningPath.model_validate({"title": "Rol", "description": "D", "audience": "A", "abstract": True})
    assert path.abstract and path.phases == [] and path.extends is None
    with pytest.raises(ValidationError):
        LearningPath.model_validate({"title": "Rol", "description": "D", "audience": "A", "extends": "Geen Slug"})
    with pytest.raises(ValidationError):
        Intake.model_validate({"questions": []})


def test_yaml_records_lines_of_keys_and_items():
    located = parse("a: 1\nb:\n  - x: 1\n    y: 2\n  - z\n", first_line=1)
    assert located.data == {"a": 1, "b": [{"x": 1, "y": 2}, "z"]}
    assert located.line(("b", 0, "y")) == 4
    assert located.line(("b", 1)) == 5
    assert located.line(("b", 0, "missing")) == 3      # falls back to the nearest known part


def test_yaml_offsets_front_matter_lines_and_reports_duplicates():
    located = parse("a: 1\na: 2\n", first_line=2)
    assert located.duplicates == [(("a",), 3)]


def test_malformed_yaml_has_a_line():
    with pytest.raises(YamlError) as error:
        parse("a: [1\nb: 2\n")
    assert error.value.line == 2 and error.value.message.startswith("malformed YAML")


def test_intake_rules_and_offered_steps():
    option = IntakeOption.model_validate({"text": "Babygroep", "require": ["babyscholing-basis"], "add": ["ve"]})
    assert option.rules() == {"recommend": [], "mastered": [], "hide": [], "require": ["babyscholing-basis"],
                              "add": ["ve"]}
    phase = Phase.model_validate({"id": "a", "title": "A", "steps": [{"module": "x"}, {"module": "y", "offer": "intake"}]})
    assert [s.offer for s in phase.steps] == ["always", "intake"]
    with pytest.raises(ValidationError):
        Phase.model_validate({"id": "a", "title": "A", "steps": [{"module": "y", "offer": "soms"}]})
    with pytest.raises(ValidationError):
        IntakeOption.model_validate({"text": "x", "hide": ["Geen Slug"]})


MODELS = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel)
          and m.__module__ == schema.__name__ and m is not schema.Strict]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_an_example_that_fits_it(model):
    """Editor messages show each field's example (`renewal: {every_months: 12}`): it must exist and be valid."""
    for name, info in model.model_fields.items():
        if name == "kind":
            continue
        assert info.examples, f"{model.__name__}.{name} has no example"
        TypeAdapter(info.annotation).validate_python(info.examples[0])
