"""Typed schemas for what editors write: module front matter, learning paths, intakes.

Every model forbids unknown keys; `portal.load` turns pydantic's errors into
`file:line: field: message` lines (with a "did you mean" hint for unknown keys).
The field descriptions are the reference that `docs/content-model.md` documents.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
Level = Literal["starter", "ervaren", "iedereen"]
Slug = Annotated[str, Field(pattern=SLUG.pattern, description="Lowercase letters, digits and hyphens.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- Modules ---------------------------------------------------------------------------


class Option(Strict):
    text: str = Field(min_length=1, description="The answer as the learner sees it.")
    correct: bool = Field(False, description="Whether choosing this option is right.")
    feedback: str | None = Field(None, description="Shown after the learner chose this option.")


class Question(Strict):
    question: str = Field(min_length=1, description="The question text.")
    type: Literal["single", "multiple"] = Field(
        "single", description="`single`: exactly one correct option; `multiple`: one or more."
    )
    options: list[Option] = Field(min_length=2, description="The choices, in display order.")
    explanation: str | None = Field(None, description="Shown after any answer: why the right answer is right.")

    @model_validator(mode="after")
    def _correct_count(self) -> "Question":
        right = sum(o.correct for o in self.options)
        if self.type == "single" and right != 1:
            raise ValueError(f"a single-choice question needs exactly one correct option, found {right}")
        if self.type == "multiple" and right < 1:
            raise ValueError("a multiple-choice question needs at least one correct option")
        return self


class Renewal(Strict):
    every_months: int = Field(gt=0, le=120, description="Redo the module this many months after completing it.")
    reason: str | None = Field(None, description="Why, e.g. the rule or the certificate's validity.")


class Review(Strict):
    owner: str = Field(min_length=1, description="Who keeps the content correct.")
    next: dt.date = Field(description="Date of the next content review (YYYY-MM-DD).")


class ModuleMeta(Strict):
    """The front matter of `content/<id>.md` or `content/<id>/index.md`."""

    title: str = Field(min_length=1, description="The module's title.")
    summary: str = Field(min_length=1, description="One or two sentences for overviews and search.")
    duration: int = Field(gt=0, le=600, description="Expected study time in minutes.")
    level: Level = Field(description="`starter`, `ervaren` or `iedereen`.")
    themes: list[str] = Field(default_factory=list, description="Practice themes, e.g. `gedrag`, `ouders`.")
    objectives: list[str] = Field(default_factory=list, description="What the learner can do afterwards.")
    reflection: list[str] = Field(default_factory=list, description="Reflection prompts, each answered in a text box.")
    check: list[Question] = Field(default_factory=list, description="Knowledge-check questions.")
    renewal: Renewal | None = Field(None, description="A mandatory refresher interval, if any.")
    review: Review | None = Field(None, description="Owner and date of the next content review.")


# --- Learning paths ----------------------------------------------------------------------


class StepBase(Strict):
    level: Level | None = Field(None, description="Defaults to the module's level (or `iedereen`).")
    required: bool = Field(True, description="`false` makes the step optional.")
    note: str | None = Field(None, description="A line shown under the step on the overview.")


class ModuleStep(StepBase):
    module: Slug = Field(description="The id of a module in `content/`.")

    @property
    def id(self) -> str:
        return self.module

    kind: Literal["module"] = "module"


class ActivityStep(StepBase):
    """A step that happens away from the screen: its own page with preparation questions."""

    id: Slug = Field(description="Unique within the path; used in URLs and in the intake.")
    duration: int = Field(gt=0, le=6000, description="Expected time in minutes.")
    description: str = Field(min_length=1, description="What happens, where and with whom (Markdown).")
    preparation: list[str] = Field(default_factory=list, description="Questions to prepare.")

    @property
    def title(self) -> str:
        return getattr(self, self.kind)


class TrainingStep(ActivityStep):
    training: str = Field(min_length=1, description="Title of a classroom or practice session.")
    kind: Literal["training"] = "training"


class ConversationStep(ActivityStep):
    """Coaching and intervisie: a conversation that needs at least one preparation question."""

    @model_validator(mode="after")
    def _has_preparation(self) -> "ConversationStep":
        if not self.preparation:
            article = "an" if self.kind[0] in "aeiou" else "a"
            raise ValueError(f"{article} {self.kind} step needs at least one preparation question")
        return self


class CoachingStep(ConversationStep):
    coaching: str = Field(min_length=1, description="Title of a coaching conversation.")
    kind: Literal["coaching"] = "coaching"


class IntervisieStep(ConversationStep):
    intervisie: str = Field(min_length=1, description="Title of an intervision meeting.")
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
    id: Slug = Field(description="Unique within the path; a child path adds steps to a parent phase of the same id.")
    title: str = Field(min_length=1, description="The phase's title.")
    description: str | None = Field(None, description="A line under the phase title.")
    steps: list[Step] = Field(default_factory=list, description="Ordered steps.")


class IntakeOption(Strict):
    text: str = Field(min_length=1, description="The answer as the learner sees it.")
    recommend: list[Slug] = Field(default_factory=list, description="Step ids this answer marks as recommended.")
    mastered: list[Slug] = Field(default_factory=list, description="Step ids this answer marks as already mastered.")


class IntakeQuestion(Strict):
    id: Slug = Field(description="Unique within the intake; the key under which the answer is kept.")
    question: str = Field(min_length=1, description="The self-assessment question.")
    options: list[IntakeOption] = Field(min_length=2, description="The answers to choose from (one).")


class Intake(Strict):
    intro: str | None = Field(None, description="A paragraph above the questions.")
    questions: list[IntakeQuestion] = Field(min_length=1, description="The self-assessment questions.")


class LearningPath(Strict):
    """The contents of `paths/<role>.yml`."""

    title: str = Field(min_length=1, description="The role's name, shown as the portal's title.")
    description: str = Field(min_length=1, description="A paragraph on the overview page.")
    audience: str = Field(min_length=1, description="Who this path is for, shown on the role chooser.")
    extends: Slug | None = Field(None, description="The id of another path whose phases this one reuses.")
    abstract: bool = Field(False, description="`true` for a shared core that gets no portal of its own.")
    order: int | None = Field(None, description="Position on the role chooser (lowest first); paths without one follow, by title.")
    phases: list[Phase] = Field(default_factory=list, description="Ordered phases.")
    intake: Intake | None = Field(None, description="A short self-assessment that personalises the path.")
