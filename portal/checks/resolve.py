"""Resolve `extends`: a path's full phases, with the parent's steps first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portal.model.load import PathSource
from portal.model.messages import say
from portal.model.problems import Problems
from portal.model.schema import ActivityStep, Intake, ModuleStep
from portal.model.yamlsource import Loc

Step = ModuleStep | ActivityStep


@dataclass
class PlacedStep:
    """A step with the file and place it was written in."""

    step: Step
    origin: PathSource
    loc: Loc

    @property
    def id(self) -> str:
        return self.step.id

    @property
    def kind(self) -> str:
        return self.step.kind

    @property
    def file(self) -> Path:
        return self.origin.source

    @property
    def line(self) -> int:
        return self.origin.lines.line(self.loc)


@dataclass
class ResolvedPhase:
    id: str
    title: str
    description: str | None
    steps: list[PlacedStep] = field(default_factory=list)


@dataclass
class ResolvedPath:
    role: str
    source: PathSource
    chain: list[PathSource]          # the root ancestor first, this path last
    phases: list[ResolvedPhase]
    intake: Intake | None
    intake_origin: PathSource | None

    @property
    def path(self):
        return self.source.path

    @property
    def steps(self) -> list[PlacedStep]:
        return [s for phase in self.phases for s in phase.steps]


def resolve_paths(paths: dict[str, PathSource], problems: Problems) -> dict[str, ResolvedPath]:
    """Every path whose `extends` chain is whole and acyclic, resolved."""
    resolved: dict[str, ResolvedPath] = {}
    for role, source in paths.items():
        chain = extends_chain(role, paths, problems)
        if chain is not None:
            resolved[role] = merge(chain)
    return resolved


def extends_chain(role: str, paths: dict[str, PathSource], problems: Problems) -> list[PathSource] | None:
    """`[root ancestor, ..., role]`, or None after reporting an unknown parent or a cycle.

    Each problem is reported once, by the path whose own `extends` line causes it.
    """
    chain = [paths[role]]
    seen = [role]
    while True:
        current = chain[0]
        parent = current.path.extends
        if not parent:
            return chain
        if parent not in paths:
            if current.role == role:
                problems.error(current.source, current.lines.line(("extends",)), "extends",
                               say("unknown_path", name=parent, hint=_close(parent, list(paths))))
            return None
        if parent in seen:
            cycle = seen[seen.index(parent):] + [parent]
            if cycle[0] == role:
                problems.error(current.source if current.role == role else paths[role].source,
                               paths[role].lines.line(("extends",)), "extends",
                               say("extends_cycle", cycle=" -> ".join(cycle)))
            return None
        seen.append(parent)
        chain.insert(0, paths[parent])


def merge(chain: list[PathSource]) -> ResolvedPath:
    """Phases in the ancestors' order; a phase id seen before gets the later steps appended."""
    phases: dict[str, ResolvedPhase] = {}
    intake, intake_origin = None, None
    for source in chain:
        for p_index, phase in enumerate(source.path.phases):
            merged = phases.get(phase.id)
            if merged is None:
                merged = phases[phase.id] = ResolvedPhase(phase.id, phase.title, phase.description)
            else:
                merged.title = phase.title
                merged.description = phase.description or merged.description
            for s_index, step in enumerate(phase.steps):
                merged.steps.append(PlacedStep(step, source, ("phases", p_index, "steps", s_index)))
        if source.path.intake is not None:
            intake, intake_origin = source.path.intake, source
    me = chain[-1]
    return ResolvedPath(me.role, me, chain, list(phases.values()), intake, intake_origin)


def _close(name: str, options: list[str]) -> str:
    import difflib

    hint = difflib.get_close_matches(name, options, n=1)
    return say("did_you_mean", name=hint[0]) if hint else ""
