"""Requirements declared in `paths/requirements.yml`: typed, and validated with file:line for every problem.

A requirement says who needs it (roles = path ids, tags for where someone works, location kinds),
how long a proof is valid, when renewal opens, the grace after the due date, what proves it and
whether the next validity counts from the completion or from the previous expiry.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

if TYPE_CHECKING:
    from portal.model.problems import Problems

# The portal's slug rule (portal/model/schema.py SLUG). The tracker does not import the portal at run time:
# only `compliance load`, an editor-facing command, borrows the portal's YAML reader and messages
# (file:line for every problem, as the build reports them), imported when it runs.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

LOCATION_KINDS = ("dagopvang", "peuteropvang", "bso", "combinatie")
Slug = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Who(Strict):
    """Who needs it: every condition given must hold (an empty list means no condition)."""

    roles: list[str] = Field(default_factory=list, description="Path ids (roles); empty: every role.")
    tags: list[str] = Field(default_factory=list,
                            description="Where someone works, e.g. `babies`, `ve`, `bhv`: any of them "
                                        "(set on a team or a person by a manager).")
    location_kinds: dict[Literal["dagopvang", "peuteropvang", "bso", "combinatie"], str] = Field(
        default_factory=dict,
        description="Location kind -> the level asked there (e.g. dagopvang: 3F, bso: 2F); empty: any.")


class Evidence(Strict):
    """What satisfies it; at least one."""

    module: str | None = Field(None, description="A module id whose completion counts (its `renewal` links it).")
    training: str | None = Field(None, description="A training step id whose confirmation counts.")
    certificate: bool = Field(False, description="An uploaded certificate (PDF, JPEG or PNG).")
    manual: bool = Field(False, description="A manual entry by a manager.")

    @model_validator(mode="after")
    def _something(self) -> "Evidence":
        if not (self.module or self.training or self.certificate or self.manual):
            raise ValueError("name at least one of module, training, certificate, manual")
        return self

    @property
    def kinds(self) -> list[str]:
        return [k for k in ("module", "training", "certificate", "manual")
                if getattr(self, k)]


class Requirement(Strict):
    id: str = Field(pattern=SLUG_PATTERN, max_length=64, description="Unique; lowercase letters, digits, hyphens.")
    title: str = Field(min_length=1, description="As staff see it.")
    description: str | None = Field(None, description="Why, with the rule's source.")
    who: Who = Field(default_factory=Who, description="Who needs it.")
    validity_months: int | None = Field(gt=0, le=120,
                                        description="How long a proof is valid; null: once-only proof.")
    window_days: int = Field(60, ge=0, le=730, description="Days before the due date that renewal opens.")
    grace_days: int = Field(0, ge=0, le=365, description="Days after the due date before it counts as expired.")
    first_due_days: int = Field(90, ge=0, le=730,
                                description="Days after someone starts (or `since`) for the first proof.")
    since: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                              description="The date the duty took effect (YYYY-MM-DD); first windows never open earlier.")
    basis: Literal["expiry", "completion"] = Field(
        "expiry", description="`expiry`: the next validity starts at the previous expiry, so renewing "
                              "early never shortens it; `completion`: it starts at the completion date.")
    evidence: Evidence = Field(description="What proves it.")


class IkkSettings(Strict):
    pm_roles: list[str] = Field(default_factory=list,
                                description="Path ids counted as pedagogisch medewerker for FTE and coaching.")


class RequirementsFile(Strict):
    requirements: list[Requirement] = Field(min_length=1)
    ikk: IkkSettings = Field(default_factory=IkkSettings)
    ehbo_requirement: str | None = Field(None, description="The requirement counted for the kinder-EHBO minimum.")


class RequirementsInvalid(Exception):
    """The file has problems; `problems` lists each as file:line: field: message."""

    def __init__(self, problems: Problems):
        super().__init__("\n".join(str(p) for p in problems.items))
        self.problems = problems


def load_requirements(file: Path, *, paths_dir: Path | None = None, content_dir: Path | None = None,
                      problems: Problems | None = None) -> RequirementsFile:
    """Read and validate the file; raise RequirementsInvalid listing every problem at once.

    Warnings are left in `problems` when the caller passes one.
    """
    from portal.model import schema_errors
    from portal.model.problems import Problems
    from portal.model.yamlsource import YamlError, parse

    problems = problems if problems is not None else Problems(root=Path.cwd())
    try:
        source = parse(file.read_text(encoding="utf-8"))
    except OSError as exc:
        problems.error(file, 1, "file", f"cannot read: {exc.strerror}")
        raise RequirementsInvalid(problems) from None
    except YamlError as exc:
        problems.error(file, exc.line, "yaml", exc.message)
        raise RequirementsInvalid(problems) from None
    for loc, line in source.duplicates:
        problems.error(file, line, schema_errors.field_name(loc), "duplicate key")
    try:
        declared = RequirementsFile.model_validate(source.data)
    except ValidationError as exc:
        schema_errors.report(exc, RequirementsFile, source, file, problems)
        raise RequirementsInvalid(problems) from None
    paths_dir = paths_dir or _paths_dir(file)
    _cross_check(declared, source, file, problems, paths_dir, content_dir or paths_dir.parent / "content")
    if problems.errors:
        raise RequirementsInvalid(problems)
    return declared


def _cross_check(declared: RequirementsFile, source, file: Path, problems: Problems,
                 paths_dir: Path, content_dir: Path) -> None:
    """Ids unique; roles are paths; modules exist and carry `renewal`; trainings are path steps."""
    roles = {p.stem for p in paths_dir.glob("*.yml") if p.stem != file.stem}
    step_ids = _step_ids(paths_dir, file)
    seen: set[str] = set()
    for i, req in enumerate(declared.requirements):
        at = ("requirements", i)
        if req.id in seen:
            problems.error(file, source.line(at + ("id",)), f"requirements[{i}].id",
                           f"'{req.id}' is declared twice")
        seen.add(req.id)
        for j, role in enumerate(req.who.roles):
            if roles and role not in roles:
                problems.error(file, source.line(at + ("who", "roles", j)), f"requirements[{i}].who.roles",
                               f"unknown role '{role}'; expected one of {', '.join(sorted(roles))}")
        if req.evidence.module:
            _check_module(req, i, source, file, problems, content_dir)
        if req.evidence.training and step_ids and req.evidence.training not in step_ids:
            problems.warn(file, source.line(at + ("evidence", "training")),
                          f"requirements[{i}].evidence.training",
                          f"no step '{req.evidence.training}' in {paths_dir}: only confirmations "
                          "with that step id will count")
    for j, role in enumerate(declared.ikk.pm_roles):
        if roles and role not in roles:
            problems.error(file, source.line(("ikk", "pm_roles", j)), "ikk.pm_roles", f"unknown role '{role}'")
    if declared.ehbo_requirement and declared.ehbo_requirement not in seen:
        problems.error(file, source.line(("ehbo_requirement",)), "ehbo_requirement",
                       f"no requirement '{declared.ehbo_requirement}'")


def _check_module(req: Requirement, i: int, source, file: Path, problems: Problems,
                  content_dir: Path) -> None:
    from portal.model.load import load_modules
    from portal.model.problems import Problems

    line = source.line(("requirements", i, "evidence", "module"))
    field = f"requirements[{i}].evidence.module"
    modules = load_modules(content_dir, Problems()) if content_dir.is_dir() else {}
    module = modules.get(req.evidence.module)
    if module is None:
        problems.error(file, line, field, f"no module '{req.evidence.module}' in {content_dir}")
    elif module.meta.renewal is None and req.validity_months:
        problems.error(file, line, field, f"module '{req.evidence.module}' has no `renewal` in its front "
                                          "matter; add `renewal: {every_months: N}` to link it")
    elif module.meta.renewal and req.validity_months and module.meta.renewal.every_months != req.validity_months:
        problems.warn(file, line, field, f"module '{req.evidence.module}' renews every "
                                         f"{module.meta.renewal.every_months} months, the requirement "
                                         f"every {req.validity_months}")


def _paths_dir(file: Path) -> Path:
    """The learning paths' folder: beside the file, or one up (paths/compliance/requirements.yml)."""
    beside = [p for p in file.parent.glob("*.yml") if p.resolve() != file.resolve()]
    return file.parent if beside else file.parent.parent


def _step_ids(paths_dir: Path, file: Path) -> set[str]:
    import yaml

    ids: set[str] = set()
    for path_file in paths_dir.glob("*.yml"):
        if path_file.resolve() == file.resolve():
            continue
        try:
            data = yaml.safe_load(path_file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        for phase in data.get("phases") or []:
            for step in (phase or {}).get("steps") or []:
                if isinstance(step, dict) and step.get("id"):
                    ids.add(str(step["id"]))
    return ids
