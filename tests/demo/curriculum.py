"""The demo curriculum as the tests see it: modules and resolved paths.

The plain-language measures and the house writing rules live in `portal.checks.readability`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from portal.checks import readability
from portal.model.load import Module, Sources, load_sources, module_files
from portal.model.problems import Problems
from portal.checks.resolve import ResolvedPath, resolve_paths

ROOT = Path(__file__).resolve().parents[2]


@cache
def loaded() -> tuple[Sources, tuple[str, ...]]:
    """The demo's sources and the load problems, as `file:line: field: message` lines."""
    problems = Problems(ROOT)
    found = load_sources(ROOT / "content", ROOT / "paths", problems)
    return found, tuple(str(p) for p in problems.sorted())


def sources() -> Sources:
    return loaded()[0]


@cache
def roles() -> dict[str, ResolvedPath]:
    """Every path with a portal of its own, resolved through `extends`."""
    resolved = resolve_paths(sources().paths, Problems(ROOT))
    return {role: path for role, path in resolved.items() if not path.path.abstract}


def module_ids() -> list[str]:
    """Every module file's id, also of a module whose front matter does not load."""
    return sorted(id_ for id_, _ in module_files(ROOT / "content"))


def module(module_id: str) -> Module:
    """The loaded module; a module that does not load fails the test with its problems."""
    found = sources().modules.get(module_id)
    assert found is not None, "\n".join(p for p in loaded()[1] if f"/{module_id}" in p)
    return found


@cache
def _findings(module_id: str) -> tuple[readability.Finding, ...]:
    return tuple(readability.findings(module(module_id), ROOT))


def broken_rules(module_id: str, *rules: str) -> list[str]:
    """The module's findings for these house rules (`portal.checks.readability`), as `file:line: field: message`."""
    unknown = set(rules) - set(readability.RULES)
    assert not unknown, f"no house rule {sorted(unknown)}"
    return [str(f) for f in _findings(module_id) if f.rule in rules]
