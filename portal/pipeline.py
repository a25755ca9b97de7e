"""The build, read like the algorithm: read, validate, stage, render, publish."""

from __future__ import annotations

import difflib
import os
import shutil
import time
from dataclasses import dataclass, field
from typing import Callable

import jinja2

from portal import __version__, workers
from portal.engine import render
from portal.model import messages
from portal.publish import landing, site as publish, quickcheck
from portal.stage import scripts
from portal.publish.fingerprint import role_fingerprint, shared_inputs
from portal.model.load import Sources, load_sources
from portal.model.problems import Problems
from portal.checks.resolve import ResolvedPath
from portal.settings import Settings
from portal.model.siteconfig import read_config
from portal.stage.project import load_strings
from portal.checks.validate import validate
from portal.model.yamlsource import YamlError

BUILT, SKIPPED, FAILED = "built", "unchanged", "failed"


class BuildStopped(Exception):
    """The sources have errors: nothing was built. Carries the problems."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} error(s)")
        self.problems = problems


@dataclass
class RoleOutcome:
    role: str
    status: str
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class BuildReport:
    problems: Problems
    outcomes: list[RoleOutcome] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0              # CPU seconds, this process and the role workers together
    worker_cpu: float = 0.0       # CPU seconds of the worker processes alone
    landing: bool = False
    landing_error: str | None = None
    pruned: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(o.status == FAILED for o in self.outcomes) or self.landing_error is not None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass
class Checked:
    sources: Sources
    resolved: dict[str, ResolvedPath]
    root_config: dict
    problems: Problems

    @property
    def portals(self) -> list[ResolvedPath]:
        return [p for p in self.resolved.values() if not p.path.abstract]


def check(settings: Settings, strict: bool = False) -> Checked:
    """Read and validate everything; raise `BuildStopped` with every problem when it fails."""
    problems = Problems(settings.root)
    try:
        root_config = read_config(settings.config)
        messages.use(messages.configured(root_config))   # editor messages in the portal's language
    except YamlError as exc:
        problems.error(settings.config, exc.line, "mkdocs.yml",
                       messages.say("malformed_yaml", problem=exc.message.removeprefix("malformed YAML: ")))
        root_config = {}
    sources = load_sources(settings.content, settings.paths, problems)
    resolved = validate(sources, problems)
    if problems.failed(strict):
        raise BuildStopped(problems)
    return Checked(sources, resolved, root_config, problems)


def select(checked: Checked, roles: tuple[str, ...], settings: Settings) -> list[ResolvedPath]:
    """The portals to build: all, or the named roles (unknown or abstract ones are errors)."""
    if not roles:
        return checked.portals
    chosen, problems = [], checked.problems
    for role in roles:
        path = checked.resolved.get(role)
        if path is None:
            hint = difflib.get_close_matches(role, [p.role for p in checked.portals], n=1)
            problems.error(settings.paths / f"{role}.yml", 1, "--role",
                           messages.say("no_role", role=role, hint=messages.say("did_you_mean", name=hint[0]) if hint else ""))
        elif path.path.abstract:
            problems.error(path.source.source, path.source.lines.line(("abstract",)), "--role",
                           messages.say("abstract_role", role=role))
        else:
            chosen.append(path)
    if problems.errors:
        raise BuildStopped(problems)
    return chosen


def build(settings: Settings, roles: tuple[str, ...] = (), strict: bool = False, clean: bool = False,
          jobs: int | None = None, progress: Callable[[str, RoleOutcome], None] = lambda event, o: None
          ) -> BuildReport:
    """Build the selected role portals (unchanged ones are skipped) and the role chooser."""
    started, cpu = time.perf_counter(), time.process_time()
    digest = quickcheck.inputs_digest(settings, roles, strict)
    quickcheck.forget(settings)
    try:
        render.select_engine(render.configured_engine(_engine_setting(settings)))   # before MkDocs is imported
    except render.EngineError as exc:
        problems = Problems(settings.root)
        problems.error(settings.config, 1, "extra.leerpad.engine", str(exc))
        raise BuildStopped(problems) from None
    if (jobs or default_jobs()) > 1 and len(roles) != 1:
        workers.start_workers()
    checked = check(settings, strict)
    chosen = select(checked, roles, settings)
    report = BuildReport(checked.problems)
    if clean and settings.stage.exists():
        shutil.rmtree(settings.stage)
    engine = render.engine_version()
    shared = shared_inputs(settings, engine)
    modules = checked.sources.modules
    jobs_list = []
    for path in chosen:
        fingerprint = role_fingerprint(path, modules, shared)
        previous = publish.published(settings.out, path.role)
        if not clean and previous and previous.get("fingerprint") == fingerprint:
            outcome = RoleOutcome(path.role, SKIPPED, previous.get("pages", 0))
            report.outcomes.append(outcome)
            progress(SKIPPED, outcome)
            continue
        used = {s.id: modules[s.id] for s in path.steps if s.kind == "module"}
        record = {"fingerprint": fingerprint, "pages": None, "generator": __version__, "engine": engine}
        jobs_list.append(workers.RoleJob(path, used, checked.root_config, settings,
                                         publish.aside(settings.out, path.role), strict, record))
        progress("queued", RoleOutcome(path.role, "queued"))

    def finished(result: workers.RoleResult) -> None:
        rendered = result.rendered
        outcome = RoleOutcome(rendered.role, BUILT if rendered.ok else FAILED, result.pages,
                              rendered.seconds, rendered.warnings, rendered.error)
        report.outcomes.append(outcome)     # the worker has published the role (or discarded it)
        if result.pid != os.getpid():
            report.worker_cpu += result.cpu   # a worker's time; ours is counted at the end
        progress(outcome.status, outcome)

    workers.build_roles(jobs_list, jobs or default_jobs(), finished)
    if jobs_list:
        render.forget_old_caches(settings.stage)
    if not roles:
        report.pruned = publish.prune(settings.out, {p.role for p in checked.portals})
    write_landing(settings, checked, report)
    if not report.failed and not checked.problems.items:
        quickcheck.remember(settings, digest, [p.role for p in chosen], sum(o.pages for o in report.outcomes))
    report.seconds = time.perf_counter() - started
    report.cpu = report.worker_cpu + time.process_time() - cpu
    return report


def _engine_setting(settings: Settings) -> dict:
    """The root config, for `extra.leerpad.engine` (problems with it are reported by `check`)."""
    try:
        return read_config(settings.config)
    except YamlError:
        return {}


def write_landing(settings: Settings, checked: Checked, report: BuildReport) -> None:
    strings = load_strings(checked.root_config, settings.theme)
    context = landing.landing_context(checked.portals, checked.sources.modules, checked.root_config, strings)
    try:
        html = landing.render_landing(settings.theme, context)
    except landing.LandingMissing as exc:
        report.landing_error = str(exc)
        return
    except jinja2.TemplateError as exc:
        report.landing_error = f"{settings.theme / landing.TEMPLATE}: {exc}"
        return
    publish.write_file(settings.out / "index.html", html)
    if (settings.theme / "partials" / "leerpad" / "plain.html").is_file():
        script = scripts.inline_script(scripts.HOME_LINK, settings.theme)
        publish.write_file(settings.out / "404.html", landing.render_not_found(settings.theme, context, script))
    report.landing = True


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
