"""`python build.py`: validate, build the role portals, preview them, report on the writing."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from portal.model import messages
from portal.model.messages import say
from portal.model.problems import Problems
from portal.settings import Settings

console = Console(stderr=True, highlight=False)

SOURCE_OPTIONS = [
    click.option("--content", type=click.Path(path_type=Path), help="Modules folder [content/]."),
    click.option("--paths", "paths_dir", type=click.Path(path_type=Path), help="Learning paths folder [paths/]."),
    click.option("--config", type=click.Path(path_type=Path), help="Root MkDocs settings [mkdocs.yml]."),
    click.option("--out", type=click.Path(path_type=Path), help="Output folder [site/]."),
    click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=".",
                 help="Project folder the defaults are relative to [.]."),
]


def source_options(func):
    for option in reversed(SOURCE_OPTIONS):
        func = option(func)
    return func


def settings_from(root, content, paths_dir, config, out) -> Settings:
    return Settings.at(Path(root), content=content, paths=paths_dir, config=config, out=out)


@click.group(invoke_without_command=True)
@source_options
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Build only this role (repeatable).")
@click.option("--check", is_flag=True, help="Validate only; build nothing.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--clean", is_flag=True, help="Rebuild every selected role from scratch (ignore fingerprints).")
@click.option("--jobs", "-j", type=click.IntRange(1), help="Roles built in parallel [number of CPUs].")
@click.option("--tracker", metavar="URL", help="Tracker the pages send xAPI to; '' turns tracking off "
                                                 "[mkdocs.yml extra.leerpad.tracker].")
@click.pass_context
def main(ctx, root, content, paths_dir, config, out, roles, check, strict, clean, jobs, tracker):
    """Build one static learning portal per role from content/ and paths/."""
    if tracker and not tracker.startswith(("http://", "https://")):
        raise click.BadParameter(f"expected a URL like https://tracker.example but received {tracker!r}",
                                 param_hint="--tracker")
    if ctx.invoked_subcommand is not None:
        given = [name for name, value in (("--role", roles), ("--check", check), ("--strict", strict),
                                          ("--clean", clean), ("--jobs", jobs), ("--tracker", tracker))
                 if value not in (None, False, ())]
        if given:
            raise click.UsageError(f"{', '.join(given)} belong to the build, not to '{ctx.invoked_subcommand}'; "
                                   f"options of a command go after it: build.py {ctx.invoked_subcommand} --help")
        ctx.obj = settings_from(root, content, paths_dir, config, out)
        return
    settings = dataclasses.replace(settings_from(root, content, paths_dir, config, out), tracker=tracker)
    if check:
        checked = run_check(settings, strict)
        show_problems(checked.problems)
        console.print(f"[green]OK[/]: {len(checked.sources.modules)} modules, {len(checked.portals)} portals "
                      f"({', '.join(p.role for p in checked.portals)})")
        return
    if not clean:
        from portal.publish import quickcheck

        stamp = quickcheck.unchanged(settings, tuple(roles), strict)
        if stamp:
            console.print(f"Nothing changed since the last build: {len(stamp['roles'])} role(s) up to date "
                          f"({', '.join(stamp['roles'])}) in {settings.out}", soft_wrap=True)
            return
    from portal import pipeline

    try:
        report = pipeline.build(settings, tuple(roles), strict, clean, jobs, progress=show_progress)
    except pipeline.BuildStopped as exc:
        stop(exc.problems)
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}") from None
    show_problems(report.problems)
    show_summary(report, settings)
    if report.failed:
        sys.exit(1)


@main.command()
@click.option("--role", required=True, help="The role to preview.")
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.pass_obj
def serve(settings: Settings, role: str, dev_addr: str):
    """Preview one role's portal with live reload (edits in content/ and paths/ rebuild it)."""
    from portal import pipeline
    from portal.engine import preview

    try:
        preview.serve_role(settings, role, dev_addr)
    except pipeline.BuildStopped as exc:
        stop(exc.problems)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


@main.command()
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Only this role's modules (repeatable).")
@click.option("--strict", is_flag=True, help="Exit 1 when a module breaks a writing rule.")
@click.pass_obj
def report(settings: Settings, roles: tuple[str, ...], strict: bool):
    """Check the modules against the house writing rules: length, B1 sentences, reflection,
    knowledge check, practice scenes and sources. Lists every module, then every finding."""
    from portal.checks import readability
    from portal.model.load import load_sources

    messages.use_config_file(settings.config)
    problems = Problems(settings.root)
    sources = load_sources(settings.content, settings.paths, problems)
    if problems.errors:
        show_problems(problems)
        raise click.ClickException(say("no_report", errors=len(problems.errors)))
    modules = sources.modules
    if roles:
        from portal import pipeline
        from portal.checks.resolve import resolve_paths

        resolved = resolve_paths(sources.paths, problems)
        try:
            chosen = pipeline.select(pipeline.Checked(sources, resolved, {}, problems), roles, settings)
        except pipeline.BuildStopped as exc:
            show_problems(exc.problems)
            raise click.ClickException(say("no_report_roles", errors=len(exc.problems.errors))) from None
        used = {s.id for path in chosen for s in path.steps if s.kind == "module"}
        modules = {id_: m for id_, m in modules.items() if id_ in used}
    out = Console(highlight=False)
    if not out.is_terminal:
        out.width = max(out.width, 160)       # a file or a pipe gets whole rows
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for index, header in enumerate(say("r_headers").split()):
        table.add_column(header, justify="left" if index in (0, 1, 8) else "right", no_wrap=True)
    found: list = []
    for module_id in sorted(modules):
        findings = readability.findings(modules[module_id], settings.root)
        table.add_row(*report_row(modules[module_id], findings))
        found += findings
    out.print(table)
    for finding in found:
        out.print(str(finding), markup=False, soft_wrap=True)
    failing = len({f.file for f in found})
    summary = (say("r_summary", modules=len(modules), found=len(found), failing=failing) if found
               else say("r_summary_none", modules=len(modules)))
    limits = say("r_limits", min=readability.MIN_WORDS, max=readability.MAX_WORDS, sentence=readability.MAX_SENTENCE,
                 average=readability.MAX_AVERAGE_SENTENCE)
    out.print(f"{summary} ({limits})", soft_wrap=True)
    if strict and found:
        sys.exit(1)


def report_row(module, findings) -> list[str]:
    """id, level, the measures (red where they break a rule) and ✓, or ✗ with the number of findings."""
    from portal.checks import readability as r

    measures, broken = r.measure(module), {f.rule for f in findings}

    def cell(value, *rules) -> str:
        return f"[red]{value}[/]" if broken.intersection(rules) else str(value)

    return [module.id, module.meta.level, cell(measures.words, r.WORDS), cell(f"{measures.average:.1f}", r.AVERAGE),
            cell(measures.longest, r.SENTENCE), cell(measures.reflection, r.REFLECTION),
            cell(measures.check, r.CHECK), cell(measures.practice, r.PRACTICE),
            f"[red]✗ {len(findings)}[/]" if findings else "[green]✓[/]"]


def run_check(settings: Settings, strict: bool):
    from portal import pipeline

    try:
        return pipeline.check(settings, strict)
    except pipeline.BuildStopped as exc:
        stop(exc.problems)


def stop(problems) -> None:
    show_problems(problems)
    errors, warnings = len(problems.errors), len(problems.warnings)
    raise click.ClickException(say("nothing_built", errors=errors, warnings=warnings))


def show_problems(problems) -> None:
    for problem in problems.sorted():
        colour = "yellow" if problem.severity == "warning" else "red"
        console.print(f"[{colour}]{escape(str(problem))}[/]", markup=True, soft_wrap=True)   # `[a, b]` is text


def show_progress(event: str, outcome) -> None:
    from portal import pipeline

    if event == "queued":
        console.print(f"  [dim]…[/] {outcome.role}: building")
    elif event == pipeline.SKIPPED:
        console.print(f"  [dim]=[/] {outcome.role}: unchanged, skipped")
    elif event == pipeline.BUILT:
        console.print(f"  [green]✓[/] {outcome.role}: {outcome.pages} pages in {outcome.seconds:.1f} s")
        for warning in outcome.warnings:
            console.print(f"    [yellow]warning:[/] {warning}", soft_wrap=True)
    elif event == pipeline.FAILED:
        console.print(f"  [red]✗[/] {outcome.role}: failed: {outcome.error}", soft_wrap=True)
        for warning in outcome.warnings:
            console.print(f"    [yellow]warning:[/] {warning}", soft_wrap=True)


def show_summary(report, settings: Settings) -> None:
    from portal import pipeline

    pages = sum(o.pages for o in report.outcomes if o.status == pipeline.BUILT)
    parts = [f"{report.count(pipeline.BUILT)} built", f"{report.count(pipeline.SKIPPED)} unchanged"]
    if report.count(pipeline.FAILED):
        parts.append(f"[red]{report.count(pipeline.FAILED)} failed[/]")
    if report.pruned:
        parts.append(f"{len(report.pruned)} removed ({', '.join(report.pruned)})")
    console.print(f"Roles: {', '.join(parts)}; {pages} pages built in {report.seconds:.1f} s "
                  f"(CPU {report.cpu:.1f} s, workers {report.worker_cpu:.1f} s) -> {settings.out}",
                  soft_wrap=True)
    if report.landing_error:
        console.print(f"[red]{report.landing_error}[/]", soft_wrap=True)
    elif report.landing:
        console.print(f"Role chooser: {settings.out / 'index.html'}", soft_wrap=True)
