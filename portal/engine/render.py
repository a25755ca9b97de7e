"""The engine seam: the only module that chooses and drives the site engine.

Input: a complete staged config file (`<stage>/<role>/mkdocs.yml`). Output: the site in its
`site_dir`, plus the engine's warnings. Two engines build the same staged projects:
**MkDocs 1.6** (default) and **ProperDocs** (its maintained drop-in fork), chosen by
`LEERPAD_ENGINE=properdocs` or `extra.leerpad.engine: properdocs` in the root `mkdocs.yml`
(the environment wins). ProperDocs answers every `mkdocs.*` import of this process once it is
selected (`properdocs.replacement`), so Material, the engine hook and this module run unchanged
on it; the choice is made before anything imports MkDocs (`select_engine`). Zensical would use
`build_subprocess` with its own command line (docs/engine.md).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")   # Material's end-of-life banner

ENGINES = ("mkdocs", "properdocs")
ENGINE_VARIABLE = "LEERPAD_ENGINE"
# Modules worth importing once in the parent of the worker processes.
PRELOAD = ["mkdocs.commands.build", "mkdocs.config", "material.plugins.search.plugin", "material.templates",
           "pymdownx.superfences", "pymdownx.details", "portal.engine.render_page", "portal.engine.render_theme"]


class EngineError(ValueError):
    pass


def configured_engine(root_config: dict | None = None) -> str:
    """`LEERPAD_ENGINE` if set, else `extra.leerpad.engine` of the root config, else mkdocs."""
    name = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if not name and root_config:
        name = str((((root_config.get("extra") or {}).get("leerpad") or {}).get("engine") or "")).strip().lower()
    name = name or "mkdocs"
    if name not in ENGINES:
        raise EngineError(f"unknown site engine '{name}' ({ENGINE_VARIABLE} or extra.leerpad.engine): "
                          f"choose one of {', '.join(ENGINES)}")
    return name


def select_engine(name: str) -> str:
    """Make `name` this process's engine (and its workers', through the environment)."""
    if name not in ENGINES:
        raise EngineError(f"unknown site engine '{name}': choose one of {', '.join(ENGINES)}")
    if name == "properdocs":
        real = sys.modules.get("mkdocs")
        if real is not None and not real.__name__.startswith("properdocs"):
            raise EngineError("MkDocs is already imported in this process; select ProperDocs before it "
                              f"(run with {ENGINE_VARIABLE}=properdocs)")
        import properdocs.replacement  # noqa: F401  (mkdocs.* imports now answer with properdocs.*)
    os.environ[ENGINE_VARIABLE] = name
    return name


if os.environ.get(ENGINE_VARIABLE, "").strip().lower() == "properdocs":
    select_engine("properdocs")        # a worker or a process started with it: before any MkDocs import


@dataclass
class Rendered:
    role: str
    ok: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    cpu: float = 0.0          # CPU seconds of this process for the build


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.messages).append(record.getMessage())

    def failure(self, exc: BaseException) -> str:
        """The engine's own error lines (MkDocs logs them, then raises a bare `Abort`)."""
        text = str(exc) or type(exc).__name__
        return "; ".join(self.errors + [text]) if self.errors else text


def current_engine() -> str:
    return os.environ.get(ENGINE_VARIABLE) or "mkdocs"


def engine_version() -> str:
    from importlib.metadata import version

    engine = current_engine()
    return f"{engine} {version(engine)}; mkdocs-material {version('mkdocs-material')}"


def worker_started() -> None:
    """In a build's worker process: its role builds may share what cannot change during a build."""
    from portal.engine import render_theme

    render_theme.share_listings()


def forget_old_caches(stage: Path) -> None:
    """Drop cache entries (Markdown, search) older than a month."""
    from portal.engine import render_cache

    render_cache.forget_old(stage)


def render(role: str, config_file: Path, strict: bool = False) -> Rendered:
    """Build one staged project in this process; never raises for a failed build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started, cpu = time.perf_counter(), time.process_time()
    # The engine's own logger; Material and plugins log under "mkdocs" whatever the engine.
    loggers = [logging.getLogger(name) for name in dict.fromkeys(("mkdocs", current_engine()))]
    collect = _Collect()
    saved = [(logger, logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(collect)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
    try:
        config = load_config(str(config_file), strict=strict)
        build(config)
        return Rendered(role, True, time.perf_counter() - started, collect.messages,
                        cpu=time.process_time() - cpu)
    except (MkDocsException, OSError, SystemExit) as exc:
        return Rendered(role, False, time.perf_counter() - started, collect.messages, collect.failure(exc))
    except Exception as exc:  # a template or plugin error: report it, keep the other roles going
        return Rendered(role, False, time.perf_counter() - started, collect.messages,
                        collect.failure(RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(collect)
            logger.setLevel(level)
            logger.propagate = propagate


def build_subprocess(config_file: Path, strict: bool = False, site_dir: Path | None = None,
                     command: tuple[str, ...] | None = None) -> subprocess.CompletedProcess:
    """Build with the engine's own command line (how a non-Python-API engine would plug in)."""
    command = command or (sys.executable, "-m", current_engine())
    args = [*command, "build", "-q", "-f", str(config_file)]
    args += (["-d", str(site_dir)] if site_dir else []) + (["--strict"] if strict else [])
    root = str(Path(__file__).resolve().parents[2])     # hooks in staged configs import `portal`
    pythonpath = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    return subprocess.run(args, capture_output=True, text=True,
                          env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": pythonpath})


def serve(config_file: Path, address: str, watch: list[Path]) -> None:
    """Live preview of one staged project (reloads on edits of the watched folders)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(config_file), livereload=True, watch=[str(p) for p in watch], dev_addr=address)
