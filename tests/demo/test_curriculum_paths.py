"""The demo as a whole: the issue's topics and roles, paths that mix and personalise, every content-model feature."""

from __future__ import annotations

import re

from pydantic import BaseModel

from curriculum import module, module_ids, roles, sources
from portal.model import schema
from portal.checks.links import is_external, module_target

# The topics the demo must cover, each with the module(s) that do.
TOPICS = {
    "six interaction skills": ["zes-interactievaardigheden", "sensitieve-responsiviteit", "respect-voor-autonomie",
                               "structureren-en-grenzen-stellen", "praten-en-uitleggen", "ontwikkelingsstimulering",
                               "interacties-tussen-kinderen"],
    "four pedagogical goals": ["vier-pedagogische-doelen"],
    "behaviour on the group": ["gedrag-op-de-groep"],
    "daily contact with parents": ["oudercontact-breng-en-haalmoment"],
    "a difficult conversation about a concern": ["oudergesprekken-zorgen-delen"],
    "group processes": ["groepsprocessen-begeleiden"],
    "welbevinden en betrokkenheid": ["observeren-welbevinden-betrokkenheid"],
    "overdracht": ["overdracht-school-en-consultatiebureau"],
    "meldcode": ["meldcode-vijf-stappen"],
    "safety, health and vierogenprincipe": ["veiligheid-gezondheid-vierogenprincipe"],
    "babyscholing": ["babyscholing-basis"],
    "taal en taaleis": ["taaleis-3f-in-de-praktijk"],
    "voorschoolse educatie": ["voorschoolse-educatie-basis"],
    "invalkracht": ["werken-als-invalkracht"],
    "preparing for coaching": ["voorbereiden-op-coaching"],
    "intervision methods": ["intervisiemethoden"],
    "running a coaching conversation": ["coachgesprek-voeren"],
    "Wet IKK coaching hours": ["wet-ikk-coachuren"],
    "beroepskracht-kindratio, drie-uursregeling and achterwacht": ["beroepskracht-kindratio"],
    "VOG and Personenregister kinderopvang": ["vog-en-personenregister"],
}
# Legal duties everyone on a location must know: in every role's path.
FOR_EVERYONE = ["meldcode-vijf-stappen", "veiligheid-gezondheid-vierogenprincipe", "beroepskracht-kindratio",
                "vog-en-personenregister"]
ROLES = {"pm-starter", "pm-ervaren", "bso-medewerker", "invalkracht", "pedagogisch-coach", "leidinggevende"}
# A step's `kind` is implied by its kind key (`module:`, `training:`, ...): the docs say it is never needed.
IMPLIED = {"kind"}


def test_the_demo_has_at_least_16_modules_and_the_issues_roles():
    assert len(module_ids()) >= 16
    assert ROLES <= set(roles())


def test_every_topic_has_its_module_in_some_roles_path():
    used = {step.id for path in roles().values() for step in path.steps}
    missing = {topic: [m for m in ids if m not in module_ids() or m not in used] for topic, ids in TOPICS.items()}
    assert not {t: m for t, m in missing.items() if m}


def test_the_legal_duties_are_in_every_role_and_managers_go_deeper():
    for role, path in roles().items():
        missing = [m for m in FOR_EVERYONE if m not in {s.id for s in path.steps}]
        assert not missing, f"{role}: {missing}"
    deeper = [s for s in roles()["leidinggevende"].steps if s.kind != "module" and s.step.level == "ervaren"
              and "ratio" in s.id and "personenregister" in s.id]
    assert deeper, "the manager's path has no deeper step on the ratio and the Personenregister"


def test_groepsprocessen_has_one_level_in_the_module_and_every_path():
    level = module("groepsprocessen-begeleiden").meta.level
    found = {role: s.step.level or level for role, path in roles().items() for s in path.steps
             if s.id == "groepsprocessen-begeleiden"}
    assert found and set(found.values()) == {level}, found


def test_modules_pitch_at_every_level():
    assert {module(m).meta.level for m in module_ids()} == {"starter", "ervaren", "iedereen"}


def test_every_role_mixes_modules_trainings_coaching_and_intervisie():
    kinds = {role: {step.kind for step in path.steps} for role, path in roles().items()}
    assert all(found == {"module", "training", "coaching", "intervisie"} for found in kinds.values()), kinds


def test_every_role_reuses_a_shared_core():
    for role, path in roles().items():
        assert len(path.chain) >= 2 and path.chain[0].path.abstract, f"{role} extends no shared core"
    cores = {path.chain[0].role for path in roles().values()}
    assert len(cores) == 1, f"more than one root core: {cores}"
    assert any(len(path.chain) >= 3 for path in roles().values()), "no core that itself extends another"


def test_every_role_has_an_intake_that_recommends_and_skips_steps():
    for role, path in roles().items():
        assert path.intake is not None, f"{role}: no intake"
        options = [o for q in path.intake.questions for o in q.options]
        assert any(o.recommend for o in options), f"{role}: the intake recommends nothing"
        assert any(o.mastered for o in options), f"{role}: the intake skips nothing"


def test_the_starter_path_puts_the_mandatory_items_first():
    """Legal musts (the refreshed modules and kinder-EHBO) come right after the welcome phase."""
    steps = roles()["pm-starter"].steps
    phase_of = {s.id: p.id for p in roles()["pm-starter"].phases for s in p.steps}
    mandatory = [i for i, s in enumerate(steps)
                 if s.id == "kinder-ehbo" or (s.kind == "module" and module(s.id).meta.renewal)]
    others = [i for i, s in enumerate(steps) if i not in mandatory and phase_of[s.id] != "start"]
    assert len(mandatory) >= 3 and max(mandatory) < min(others)
    assert all(steps[i].step.required for i in mandatory)


def test_paths_contain_no_role_without_steps_of_its_own():
    for role, path in roles().items():
        own = [s for s in path.steps if s.origin is path.source]
        assert len(own) >= 3, f"{role}: only {len(own)} steps of its own"


def _used(model: BaseModel, found: set[str]) -> set[str]:
    for name in model.model_fields_set:
        found.add(f"{type(model).__name__}.{name}")
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                _used(item, found)
    return found


def _fields(model: type[BaseModel]) -> set[str]:
    return {f"{model.__name__}.{name}" for name in model.model_fields if name not in IMPLIED}


def test_every_field_of_the_content_model_appears_at_least_once():
    used: set[str] = set()
    for m in module_ids():
        _used(module(m).meta, used)
    for source in sources().paths.values():
        _used(source.path, used)
    models = [schema.ModuleMeta, schema.Question, schema.Option, schema.Renewal, schema.Review,
              schema.LearningPath, schema.Phase, schema.ModuleStep, schema.TrainingStep, schema.CoachingStep,
              schema.IntervisieStep, schema.Intake, schema.IntakeQuestion, schema.IntakeOption]
    wanted = set().union(*(_fields(m) for m in models))
    assert not sorted(wanted - used)


def test_every_markdown_feature_editors_may_use_appears_at_least_once():
    bodies = {m: module(m).body for m in module_ids()}
    features = {
        "folder module with an image": lambda m, b: module(m).source.name == "index.md" and re.search(r"!\[[^\]]*\]\([^)]+\)", b),
        "link to another module": lambda m, b: re.search(r"\]\([a-z0-9-]+\.md\)", b),
        "link to a heading of another module": lambda m, b: re.search(r"\]\([a-z0-9-]+\.md#[a-z0-9-]+\)", b),
        "link to another site": lambda m, b: "](https://" in b,
        "link to a file beside the module": lambda m, b: any(
            not link.image and not is_external(link.target) and not link.target.split("#")[0].endswith((".md", "/"))
            for link in module(m).links),
        "admonition": lambda m, b: re.search(r"^!!! \w+", b, flags=re.M),
        "collapsible block": lambda m, b: re.search(r"^\?\?\?\+? \w+", b, flags=re.M),
        "table": lambda m, b: re.search(r"^\|.*\|\s*$\n^\|[\s:|-]+\|\s*$", b, flags=re.M),
        "numbered list": lambda m, b: re.search(r"^\d+\. ", b, flags=re.M),
    }
    missing = [name for name, found in features.items() if not any(found(m, b) for m, b in bodies.items())]
    assert not missing


def test_some_links_point_to_modules_outside_a_roles_path():
    """The build keeps such a link's text and drops the link: the demo shows it happen."""
    linked = set()
    for m in module_ids():
        for link in module(m).links:
            target = None if is_external(link.target) else module_target(link.target, m, module(m).source_dir)
            if target in sources().modules:
                linked.add((m, target))
    dropped = [(role, a, b) for role, path in roles().items() for a, b in linked
               if a in {s.id for s in path.steps} and b not in {s.id for s in path.steps}]
    assert dropped
