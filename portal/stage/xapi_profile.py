"""Leerpad's xAPI profile: the verbs, activity types and extensions the portals use.

The single source: the build writes it into every page's config (for the browser) and the verb
IRIs into each portal's `xapi-manifest.json` (for the tracker, which keeps no verb list of its
own). `docs/xapi.md` documents every entry; a test fails when the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

# Leerpad's own namespace, for the extensions no registry has. Placeholder domain (RFC 2606)
# like the demo's site_url: replace it by a registered one before production.
PROFILE_ID = "https://leerpad.example.org/xapi/profile"
LANGUAGES = ("nl-NL", "en-US")


@dataclass(frozen=True)
class Verb:
    key: str
    iri: str
    nl: str
    en: str
    use: str

    @property
    def display(self) -> dict[str, str]:
        return {"nl-NL": self.nl, "en-US": self.en}


@dataclass(frozen=True)
class ActivityType:
    key: str
    iri: str
    use: str


@dataclass(frozen=True)
class Extension:
    key: str
    iri: str
    where: str      # result | context | activity definition
    use: str


ADL = "http://adlnet.gov/expapi/verbs/"
ADL_TYPES = "http://adlnet.gov/expapi/activities/"

VERBS = (
    Verb("opened", "http://activitystrea.ms/schema/1.0/open", "opende", "opened",
         "A module or step page was opened."),
    Verb("completed", ADL + "completed", "rondde af", "completed",
         "A module, training, coaching or intervisie step was marked done."),
    Verb("retracted", "http://activitystrea.ms/schema/1.0/retract", "trok terug", "retracted",
         "A done mark was undone; `context.statement` points at the completed statement."),
    Verb("answered", ADL + "answered", "beantwoordde", "answered",
         "A knowledge-check question was answered (`result.response` = the option ids, `result.success`), or a "
         "preparation question of a training, coaching or intervisie step (`result.response` = the text, private)."),
    Verb("passed", ADL + "passed", "slaagde voor", "passed",
         "Every question of a knowledge check was answered, all correctly (`result.score`)."),
    Verb("failed", ADL + "failed", "zakte voor", "failed",
         "Every question of a knowledge check was answered, not all correctly (`result.score`)."),
    Verb("reflected", "https://w3id.org/xapi/catch/verbs/reflected", "reflecteerde", "reflected",
         "A reflection was written (`result.response`), private by default."),
    Verb("shared", ADL + "shared", "deelde", "shared",
         "A reflection was shared with the coach; `context.statement` points at the reflected statement."),
    Verb("responded", ADL + "responded", "vulde in", "responded",
         "The intake was answered (the answers in a result extension), private by default; the coach-consent "
         "extension says whether the coach may read them."),
)

ACTIVITY_TYPES = (
    ActivityType("path", ADL_TYPES + "course", "The role's learning path (the portal root)."),
    ActivityType("module", ADL_TYPES + "module", "A learning module."),
    ActivityType("check", ADL_TYPES + "assessment", "A module's knowledge check."),
    ActivityType("question", ADL_TYPES + "cmi.interaction", "One knowledge-check question (choice)."),
    ActivityType("prompt", ADL_TYPES + "question",
                 "An open question: a module's reflection prompt or a step's preparation question."),
    ActivityType("meeting", ADL_TYPES + "meeting", "A training, coaching or intervisie step."),
    ActivityType("intake", "http://id.tincanapi.com/activitytype/survey", "The path's intake (self-assessment)."),
)

EXTENSIONS = (
    Extension("visibility", PROFILE_ID + "/extensions/visibility", "result",
              "Who may read a reflection, preparation answer or the intake answers: `private` (the learner) or "
              "`shared` (also the coach)."),
    Extension("intake", PROFILE_ID + "/extensions/intake-answers", "result",
              "The intake answers: an object of question id to the chosen option's index."),
    Extension("consent", PROFILE_ID + "/extensions/coach-consent", "result",
              "On the intake's `responded` statement: `true` when the learner lets the coach read the intake answers "
              "(\"Mijn coach mag mijn antwoorden zien\"), else `false`; the latest statement counts."),
    Extension("kind", PROFILE_ID + "/extensions/step-kind", "activity definition",
              "The step kind of a meeting activity: `training`, `coaching` or `intervisie`."),
)

# Which activity type each step kind gets.
STEP_TYPES = {"module": "module", "training": "meeting", "coaching": "meeting", "intervisie": "meeting"}


def verb(key: str) -> Verb:
    return next(v for v in VERBS if v.key == key)


def activity_type(key: str) -> ActivityType:
    return next(t for t in ACTIVITY_TYPES if t.key == key)


def extension(key: str) -> Extension:
    return next(e for e in EXTENSIONS if e.key == key)


def verb_iris() -> list[str]:
    return [v.iri for v in VERBS]


def browser_profile(language: str = "nl") -> dict:
    """The compact profile the page scripts read: verbs with one display, types, extensions."""
    tag = "en-US" if language == "en" else "nl-NL"
    return {
        "lang": tag,
        "verbs": {v.key: [v.iri, v.display[tag]] for v in VERBS},
        "types": {t.key: t.iri for t in ACTIVITY_TYPES},
        "ext": {e.key: e.iri for e in EXTENSIONS},
    }
