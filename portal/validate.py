"""Checks across files: ids that must exist or be unique, images and links between modules."""

from __future__ import annotations

import difflib

from portal.links import is_external, module_target, split_anchor
from portal.load import Module, Sources
from portal.problems import Problems
from portal.resolve import ResolvedPath, resolve_paths
from portal.schema_errors import field_name


def validate(sources: Sources, problems: Problems) -> dict[str, ResolvedPath]:
    """Report every cross-file problem; return the paths that resolved."""
    for source in sources.paths.values():
        check_phase_ids(source, problems)
    resolved = resolve_paths(sources.paths, problems)
    for path in resolved.values():
        check_steps(path, sources.module_ids, problems)
        check_intake(path, problems)
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
                           f"duplicate phase id '{phase.id}' (also line {seen[phase.id]})")
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
                               f"unknown module '{placed.id}'{_hint(placed.id, modules)}")
        if placed.id in seen:
            first = seen[placed.id]
            if placed.origin is path.source or first.origin is path.source:
                where = f"{problems.name(first.file)}:{first.line}"
                problems.error(placed.file, placed.line, field,
                               f"duplicate step id '{placed.id}' in path '{path.role}' (also {where})")
        else:
            seen[placed.id] = placed
    if not path.steps and not path.path.abstract:
        problems.warn(path.source.source, 1, "phases", "the path has no steps")


def check_intake(path: ResolvedPath, problems: Problems) -> None:
    """Intake question ids are unique; `recommend`/`mastered` name steps of the path."""
    if path.intake is None or path.intake_origin is not path.source:
        return
    source = path.source
    step_ids = [s.id for s in path.steps]
    seen: set[str] = set()
    for q_index, question in enumerate(path.intake.questions):
        loc = ("intake", "questions", q_index)
        if question.id in seen:
            problems.error(source.source, source.lines.line(loc + ("id",)), field_name(loc + ("id",)),
                           f"duplicate intake question id '{question.id}'")
        seen.add(question.id)
        for o_index, option in enumerate(question.options):
            for key in ("recommend", "mastered"):
                for i_index, step_id in enumerate(getattr(option, key)):
                    if step_id not in step_ids:
                        at = loc + ("options", o_index, key, i_index)
                        problems.error(source.source, source.lines.line(at), field_name(at),
                                       f"unknown step id '{step_id}'{_hint(step_id, step_ids)}")


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
                problems.error(module.source, line, "link",
                               f"broken link '{link.target}': no module '{target}'{_link_hint(link.target, target, module, modules)}")
            continue
        path, _ = split_anchor(link.target)
        if not (module.folder / path).is_file():
            what = "image" if link.image else "link"
            problems.error(module.source, line, what, f"missing {'image' if link.image else 'file'} '{path}'")


def check_unused_modules(sources: Sources, resolved: dict[str, ResolvedPath], problems: Problems) -> None:
    used = {s.id for path in resolved.values() for s in path.steps if s.kind == "module"}
    if len(resolved) < len(sources.paths):
        return  # a path that did not resolve may use them; its own error says enough
    for module in sources.modules.values():
        if module.id not in used:
            problems.warn(module.source, 1, "module", f"module '{module.id}' is in no path")


def _link_hint(written: str, target: str, module: Module, modules: frozenset[str]) -> str:
    """In a folder module, `other.md` means `content/<id>/other.md`: suggest `../other.md`."""
    if module.source_dir and target.startswith(module.source_dir + "/") and target.split("/", 1)[1] in modules:
        return f"; this module is a folder, so a link to module '{target.split('/', 1)[1]}' is '../{written}'"
    return _hint(target, modules)


def _hint(name: str, options) -> str:
    hint = difflib.get_close_matches(name, list(options), n=1)
    return f"; did you mean '{hint[0]}'?" if hint else ""
