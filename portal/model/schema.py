"""Typed schemas for what editors write: module front matter, learning paths, intakes.

Every model forbids unknown keys; `portal.model.load` turns pydantic's errors into
`file:line: field: message` lines (with a "did you mean" hint for unknown keys).
The field descriptions are the reference that `docs/content-model.md` documents; each
field's one example is what an editor message shows (`renewal: {every_months: 12}`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
Level = Literal["starter", "ervaren", "iedereen"]
Slug = Annotated[str, Field(pattern=SLUG.pattern, description="Lowercase letters, digits and hyphens.")]
Offer = Literal["always", "intake"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- Modules ---------------------------------------------------------------------------


class Option(Strict):
    text: str = Field(min_length=1, description="The answer as the learner sees it.",
                      examples=["Beschrijven wat je ziet"])
    correct: bool = Field(False, description="Whether choosing this option is right.", examples=[True])
    feedback: str | None = Field(None, description="Shown after the learner chose this option.",
                                 examples=["Goed zo."])


class Question(Strict):
    question: str = Field(min_length=1, description="The question text.", examples=["Wat doe je eerst?"])
    type: Literal["single", "multiple"] = Field(
        "single", description="`single`: exactly one correct option; `multiple`: one or more.",
        examples=["multiple"],
    )
    options: list[Option] = Field(min_length=2, description="The choices, in display order.",
                                  examples=[[{"text": "Kijken", "correct": True}, {"text": "Ingrijpen"}]])
    explanation: str | None = Field(None, description="Shown after any answer: why the right answer is right.",
                                    examples=["Eerst kijken, dan handelen."])

    @model_validator(mode="after")
    def _correct_count(self) -> "Question":
        right = sum(o.correct for o in self.options)
        if self.type == "single" and right != 1:
            raise PydanticCustomError("single_correct", "a single-choice question needs exactly one correct "
                                                        "option, found {found}", {"found": right})
        if self.type == "multiple" and right < 1:
            raise PydanticCustomError("multiple_correct", "a multiple-choice question needs at least one correct option")
        return self


class Renewal(Strict):
    every_months: int = Field(gt=0, le=120, description="Redo the module this many months after completing it.",
                              examples=[12])
    reason: str | None = Field(None, description="Why, e.g. the rule or the certificate's validity.",
                               examples=["Jaarlijkse opfrisser."])


class Review(Strict):
    owner: str = Field(min_length=1, description="Who keeps the content correct.", examples=["Team Pedagogiek"])
    next: dt.date = Field(description="Date of the next content review (YYYY-MM-DD).", examples=[dt.date(2027, 3, 1)])


class ModuleMeta(Strict):
    """The front matter of `content/<id>.md` or `content/<id>/index.md`."""

    title: str = Field(min_length=1, description="The module's title.", examples=["Observeren"])
    summary: str = Field(min_length=1, description="One or two sentences for overviews and search.",
                         examples=["Kijken zonder meteen te oordelen."])
    duration: int = Field(gt=0, le=600, description="Expected study time in minutes.", examples=[20])
    level: Level = Field(description="`starter`, `ervaren` or `iedereen`.", examples=["starter"])
    themes: list[str] = Field(default_factory=list, description="Practice themes, e.g. `gedrag`, `ouders`.",
                              examples=[["gedrag", "ouders"]])
    objectives: list[str] = Field(default_factory=list, description="What the learner can do afterwards.",
                                  examples=[["Je beschrijft wat je ziet."]])
    reflection: list[str] = Field(default_factory=list, description="Reflection prompts, each answered in a text box.",
                                  examples=[["Welk gedrag viel je vandaag op?"]])
    check: list[Question] = Field(default_factory=list, description="Knowledge-check questions.",
                                  examples=[[{"question": "Wat doe je eerst?",
                                              "options": [{"text": "Kijken", "correct": True}, {"text": "Ingrijpen"}]}]])
    renewal: Renewal | None = Field(None, description="A mandatory refresher interval, if any.",
                                    examples=[{"every_months": 12}])
    review: Review | None = Field(None, description="Owner and date of the next content review.",
                                  examples=[{"owner": "Team Pedagogiek", "next": dt.date(2027, 3, 1)}])


# --- Learning paths ----------------------------------------------------------------------


class StepBase(Strict):
    level: Level | None = Field(None, description="Defaults to the module's level (or `iedereen`).",
                                examples=["ervaren"])
    required: bool = Field(True, description="`false` makes the step optional.", examples=[True])
    note: str | None = Field(None, description="A line shown under the step on the overview.",
                             examples=["Elk jaar opfrissen."])
    offer: Offer = Field("always", description="`intake`: shown only when an intake answer adds it (`add`).",
                         examples=["intake"])
    due_days: int | None = Field(None, gt=0, le=3650,
                                 description="Days after the learner's start by which the step should be done; "
                                             "the team view marks it late afterwards.", examples=[30])


class ModuleStep(StepBase):
    module: Slug = Field(description="The id of a module in `content/`.", examples=["observeren"])

    @property
    def id(self) -> str:
        return self.module

    kind: Literal["module"] = "module"


class ActivityStep(StepBase):
    """A step that happens away from the screen: its own page with preparation questions."""

    id: Slug = Field(description="Unique within the path; used in URLs and in the intake.", examples=["kinder-ehbo"])
    duration: int = Field(gt=0, le=6000, description="Expected time in minutes.", examples=[60])
    description: str = Field(min_length=1, description="What happens, where and with whom (Markdown).",
                             examples=["Een dag oefenen met een instructeur."])
    preparation: list[str] = Field(default_factory=list, description="Questions to prepare.",
                                   examples=[["Wat wil je bespreken?"]])

    @property
    def title(self) -> str:
        return getattr(self, self.kind)


class TrainingStep(ActivityStep):
    training: str = Field(min_length=1, description="Title of a classroom or practice session.",
                          examples=["Kinder-EHBO"])
    kind: Literal["training"] = "training"


class ConversationStep(ActivityStep):
    """Coaching and intervisie: a conversation that needs at least one preparation question."""

    @model_validator(mode="after")
    def _has_preparation(self) -> "ConversationStep":
        if not self.preparation:
            raise PydanticCustomError("needs_preparation", "a {kind} step needs at least one preparation question",
                                      {"kind": self.kind})
        return self


class CoachingStep(ConversationStep):
    coaching: str = Field(min_length=1, description="Title of a coaching conversation.",
                          examples=["Gesprek met je coach"])
    kind: Literal["coaching"] = "coaching"


class IntervisieStep(ConversationStep):
    intervisie: str = Field(min_length=1, description="Title of an intervision meeting.",
                            examples=["Intervisie met collega's"])
    kind: Literal["intervisie"] = "intervisie"


STEP_KINDS = ("module", "training", "coaching", "intervisie")


def step_kind(value: object) -> str | None:
    """Tell a step's kind from the one kind key it carries (`module:`, `training:`, ...)."""
    if isinstance(value, BaseModel):
        return getattr(value, "kind", None)
    if isinstance(value, dict):
        found = [k for k in STEP_KINDS if k in value]
        return found[0] if len(found) == 1 else None
    return None


Step = Annotated[
    Union[
        Annotated[ModuleStep, Tag("module")],
        Annotated[TrainingStep, Tag("training")],
        Annotated[CoachingStep, Tag("coaching")],
        Annotated[IntervisieStep, Tag("intervisie")],
    ],
    Discriminator(
        step_kind,
        custom_error_type="step_kind",
        custom_error_message="a step needs exactly one of: module, training, coaching, intervisie",
    ),
]


class Phase(Strict):
    id: Slug = Field(description="Unique within the path; a child path adds steps to a parent phase of the same id.",
                     examples=["start"])
    title: str = Field(min_length=1, description="The phase's title.", examples=["Goed beginnen"])
    description: str | None = Field(None, description="A line under the phase title.",
                                    examples=["Je eerste weken op de groep."])
    steps: list[Step] = Field(default_factory=list, description="Ordered steps.",
                              examples=[[{"module": "observeren"}]])


# What an intake answer can do with steps, in the order the rules are documented.
INTAKE_RULES = ("recommend", "mastered", "hide", "require", "add")


class IntakeOption(Strict):
    text: str = Field(min_length=1, description="The answer as the learner sees it.", examples=["Op een babygroep"])
    recommend: list[Slug] = Field(default_factory=list, description="Step ids this answer marks as recommended.",
                                  examples=[["observeren"]])
    mastered: list[Slug] = Field(default_factory=list, description="Step ids this answer marks as already mastered.",
                                 examples=[["kinder-ehbo"]])
    hide: list[Slug] = Field(default_factory=list, description="Optional step ids that do not apply: hidden, "
                             "unless another answer recommends, requires or adds them.",
                             examples=[["bso-kinderen-van-4-tot-12"]])
    require: list[Slug] = Field(default_factory=list, description="Optional step ids this answer makes required.",
                                examples=[["babyscholing-basis"]])
    add: list[Slug] = Field(default_factory=list, description="Steps with `offer: intake` this answer shows.",
                            examples=[["training-ve"]])

    def rules(self) -> dict[str, list[str]]:
        """Each rule key with its step ids, in `INTAKE_RULES` order."""
        return {key: list(getattr(self, key)) for key in INTAKE_RULES}


class IntakeQuestion(Strict):
    id: Slug = Field(description="Unique within the intake; the key under which the answer is kept.",
                     examples=["werkplek"])
    question: str = Field(min_length=1, description="The self-assessment question.", examples=["Waar werk je?"])
    options: list[IntakeOption] = Field(min_length=2, description="The answers to choose from (one).",
                                        examples=[[{"text": "Op een babygroep", "require": ["babyscholing-basis"]},
                                                   {"text": "In de BSO"}]])


class Intake(Strict):
    intro: str | None = Field(None, description="A paragraph above the questions.",
                              examples=["Drie vragen over je werk."])
    questions: list[IntakeQuestion] = Field(min_length=1, description="The self-assessment questions.",
                                            examples=[[{"id": "ervaring", "question": "Werk je al op een groep?",
                                                        "options": [{"text": "Ja"}, {"text": "Nee"}]}]])


class LearningPath(Strict):
    """The contents of `paths/<role>.yml`."""

    title: str = Field(min_length=1, description="The role's name, shown as the portal's title.",
                       examples=["Pedagogisch medewerker"])
    description: str = Field(min_length=1, description="A paragraph on the overview page.",
                             examples=["Je eerste jaar op de groep."])
    audience: str = Field(min_length=1, description="Who this path is for, shown on the role chooser.",
                          examples=["Nieuwe pedagogisch medewerkers"])
    extends: Slug | None = Field(None, description="The id of another path whose phases this one reuses.",
                                 examples=["kern"])
    abstract: bool = Field(False, description="`true` for a shared core that gets no portal of its own.",
                           examples=[True])
    order: int | None = Field(None, description="Position on the role chooser (lowest first); paths without one "
                              "follow, by title.", examples=[1])
    phases: list[Phase] = Field(default_factory=list, description="Ordered phases.",
                                examples=[[{"id": "start", "title": "Goed beginnen"}]])
    intake: Intake | None = Field(None, description="A short self-assessment that personalises the path.",
                                  examples=[{"questions": [{"id": "ervaring", "question": "Werk je al op een groep?",
                                                            "options": [{"text": "Ja"}, {"text": "Nee"}]}]}])
