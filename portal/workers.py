"""Stage, render and publish roles in parallel worker processes (one role per task)."""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from portal.engine import render, search_titles
from portal.publish import site as publish
from portal.model.load import Module
from portal.checks.resolve import ResolvedPath
from portal.settings import Settings
from portal.stage.project import stage_role


@dataclass
class RoleJob:
    path: ResolvedPath
    modules: dict[str, Module]        # only the modules this role uses
    root_config: dict[str, Any]
    settings: Settings
    site_dir: Path
    strict: bool
    record: dict[str, Any]            # published with the site (fingerprint, versions); pages added here


@dataclass
class RoleResult:
    rendered: render.Rendered
    pages: int
    cpu: float              # CPU seconds for staging and rendering
    pid: int                # the process that did it


def build_role(job: RoleJob) -> RoleResult:
    """Stage one role's MkDocs project, let the engine build it aside, then swap it in (or discard it)."""
    cpu = time.process_time()
    staged = stage_role(job.path, job.modules, job.root_config, job.settings, job.site_dir)
    rendered = render.render(job.path.role, staged.config_file, job.strict)
    out, role = job.settings.out, job.path.role
    if rendered.ok:
        search_titles.escape_titles(job.site_dir)
        publish.swap(out, role, job.record | {"pages": staged.pages})
    else:
        publish.discard(out, role)
    return RoleResult(rendered, staged.pages, time.process_time() - cpu, os.getpid())


def start_workers() -> None:
    """Start the fork server now, so its imports overlap with reading and validating the sources."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(["portal.workers", *render.PRELOAD])
    forkserver.ensure_running()


def build_roles(jobs: list[RoleJob], workers: int, done: Callable[[RoleResult], None]) -> None:
    """Run `build_role` for every job; in worker processes when there is more than one job."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            done(build_role(job))
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["portal.workers", *render.PRELOAD])
    largest_first = sorted(jobs, key=lambda job: len(job.path.steps), reverse=True)   # no long role at the end
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                             initializer=render.worker_started) as pool:
        for future in as_completed([pool.submit(build_role, job) for job in largest_first]):
            done(future.result())
