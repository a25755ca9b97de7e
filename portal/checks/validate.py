"""Checks across files: ids that must exist or be unique, images and links between modules."""

from __future__ import annotations

import difflib

from portal.checks.links import is_external, module_target, split_anchor
from portal.model.load import Module, Sources
from portal.model.messages import say
from portal.model.problems import Problems
from portal.checks.resolve import PlacedStep, ResolvedPath, resolve_paths
from portal.model.schema_errors import field_name


def validate(sources: Sources, problems: Problems) -> dict[str, ResolvedPath]:
    """Report every cross-file problem; return the paths that resolved."""
    for source in sources.paths.values():
        check_phase_ids(source, problems)
    resolved = resolve_paths(sources.paths, problems)
    for path in resolved.values():
        check_steps(path, sources.module_ids, problems)
        check_intake(path, problems)
        check_offered_steps(path, problems)
    for module in sources.modules.values():
        check_module_links(module, sources.module_ids, problems)
    check_unused_modules(sources, resolved, problems)
    return resolved


def check_phase_ids(source, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for index, phase in enumerate(source.path.phases):
        line = source.lines.line(("phases", index, "id"))
        if phase.id in seen:
            problems.error(source.source, line, f"phases[{index}].id",
                           say("duplicate_phase", id=phase.id, line=seen[phase.id]))
        else:
            seen[phase.id] = line


def check_steps(path: ResolvedPath, modules: frozenset[str], problems: Problems) -> None:
    """Module steps name existing module files; step ids are unique in the resolved path."""
    seen = {}
    for placed in path.steps:
        field = field_name(placed.loc)
        if placed.kind == "module" and placed.id not in modules:
            if placed.origin is path.source:
                problems.error(placed.file, placed.line, f"{field}.module",
                               say("unknown_module", id=placed.id, hint=_hint(placed.id, modules)))
        if placed.id in seen:
            first = seen[placed.id]
            if placed.origin is path.source or first.origin is path.source:
                where = f"{problems.name(first.file)}:{first.line}"
                problems.error(placed.file, placed.line, field,
                               say("duplicate_step", id=placed.id, role=path.role, where=where))
        else:
            seen[placed.id] = placed
    if not path.steps and not path.path.abstract:
        problems.warn(path.source.source, 1, "phases", say("no_steps"))


# Rules of one answer that contradict each other when they name the same step.
CONFLICTS = (("recommend", "mastered"), ("recommend", "hide"), ("mastered", "hide"), ("hide", "require"),
             ("hide", "add"))


def check_intake(path: ResolvedPath, problems: Problems) -> None:
    """Question ids are unique; every rule names a step of the path it can change; answers differ."""
    if path.intake is None or path.intake_origin is not path.source:
        return
    source = path.source
    steps = {s.id: s for s in path.steps}
    seen: set[str] = set()

    def error(at: tuple, message: str) -> None:
        problems.error(source.source, source.lines.line(at), field_name(at), message)

    for q_index, question in enumerate(path.intake.questions):
        loc = ("intake", "questions", q_index)
        if question.id in seen:
            error(loc + ("id",), say("duplicate_question", id=question.id))
        seen.add(question.id)
        texts: set[str] = set()
        for o_index, option in enumerate(question.options):
            at = loc + ("options", o_index)
            if option.text in texts:
                error(at + ("text",), say("same_answers", text=option.text))
            texts.add(option.text)
            for key, ids in option.rules().items():
                for i_index, step_id in enumerate(ids):
                    problem = _rule_problem(key, step_id, steps)
                    if problem:
                        error(at + (key, i_index), problem)
            for first, second in CONFLICTS:
                for i_index, step_id in enumerate(getattr(option, second)):
                    if step_id in getattr(option, first):
                        error(at + (second, i_index), say("rule_conflict", id=step_id, first=first, second=second))
        effects = {frozenset((k, frozenset(v)) for k, v in o.rules().items() if v) for o in question.options}
        if len(effects) == 1:
            error(loc + ("options",), say("changes_nothing"))


def _rule_problem(key: str, step_id: str, steps: dict[str, PlacedStep]) -> str | None:
    """Why rule `key` of an answer cannot work on `step_id`, or None when it can."""
    placed = steps.get(step_id)
    if placed is None:
        return say("unknown_step", id=step_id, hint=_hint(step_id, list(steps)))
    if key == "hide" and placed.step.required:
        return say("hide_required", id=step_id)
    if key == "require" and placed.step.required:
        return say("require_required", id=step_id)
    if key == "add" and placed.step.offer != "intake":
        return say("add_not_offered", id=step_id)
    return None


def check_offered_steps(path: ResolvedPath, problems: Problems) -> None:
    """A step with `offer: intake` is shown only when an answer adds it: some answer must."""
    if path.path.abstract:
        return
    shown = {step_id for question in (path.intake.questions if path.intake else [])
             for option in question.options for step_id in (*option.add, *option.require)}
    for placed in path.steps:
        if placed.step.offer == "intake" and placed.id not in shown:
            at = placed.loc + ("offer",)
            problems.error(placed.file, placed.origin.lines.line(at), field_name(at),
                           say("never_offered", id=placed.id, role=path.role))


def check_module_links(module: Module, modules: frozenset[str], problems: Problems) -> None:
    """Images and files exist beside the module; links to other modules name existing module files.

    A module whose front matter has errors still counts as existing: its own errors are reported,
    not a cascade of broken links and unknown steps."""
    for link in module.links:
        line = module.body_line + link.line - 1
        if is_external(link.target) or link.target.startswith("#"):
            continue
        target = module_target(link.target, module.id, module.source_dir)
        if target is not None and not link.image:
            if target not in modules:
                problems.error(module.source, line, "link", say("broken_link", target=link.target, module=target,
                                                                hint=_link_hint(link.target, target, module, modules)))
            continue
        path, _ = split_anchor(link.target)
        if not (module.folder / path).is_file():
            what = "image" if link.image else "link"
            problems.error(module.source, line, what, say("missing_image" if link.image else "missing_file", path=path))


def check_unused_modules(sources: Sources, resolved: dict[str, ResolvedPath], problems: Problems) -> None:
    used = {s.id for path in resolved.values() for s in path.steps if s.kind == "module"}
    if len(resolved) < len(sources.paths):
        return  # a path that did not resolve may use them; its own error says enough
    for module in sources.modules.values():
        if module.id not in used:
            problems.warn(module.source, 1, "module", say("unused_module", id=module.id))


def _link_hint(written: str, target: str, module: Module, modules: frozenset[str]) -> str:
    """In a folder module, `other.md` means `content/<id>/other.md`: suggest `../other.md`."""
    if module.source_dir and target.startswith(module.source_dir + "/") and target.split("/", 1)[1] in modules:
        return say("folder_link", module=target.split("/", 1)[1], written=written)
    return _hint(target, modules)


def _hint(name: str, options) -> str:
    hint = difflib.get_close_matches(name, list(options), n=1)
    return say("did_you_mean", name=hint[0]) if hint else ""
