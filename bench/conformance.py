"""Run the ADL LRS conformance test suite against our tracker and summarise its JSON log.

    .venv/bin/python bench/conformance.py ~/.cache/leerpad/lrs-conformance-test-suite --version both \
        --failures /tmp/failures.md

Starts the tracker on a fresh temporary SQLite database (or `--database-url`) under gunicorn on a
free 127.0.0.1 port, creates a credential with scope `all` through the tracker's CLI, runs
`node bin/console_runner.js` of an installed checkout of the suite, and prints passed/failed per
section. `--endpoint` runs the suite against an LRS that is already running instead. Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tracker_server import RunningTracker, TrackerStartError  # noqa: E402

VERSIONS = ("1.0.3", "2.0.0")


class SetupError(RuntimeError):
    """Something outside the tracker is missing (node, the suite); the message says how to fix it."""


@dataclass
class Failure:
    section: str
    path: list[str]
    error: str


@dataclass
class SectionResult:
    title: str
    passed: int = 0
    failed: int = 0


@dataclass
class RunResult:
    version: str
    total: int
    passed: int
    failed: int
    state: str
    duration_s: float
    sections: list[SectionResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    log_path: str = ""

    @property
    def not_run(self) -> int:
        return max(self.total - self.passed - self.failed, 0)


def check_suite(suite: Path) -> str:
    """Return the node executable, or explain what is missing."""
    node = shutil.which("node")
    if node is None:
        raise SetupError("node is missing: install Node.js 20 (Debian: apt-get install nodejs npm)")
    runner = suite / "bin" / "console_runner.js"
    if not runner.is_file():
        raise SetupError(f"{suite}: not a checkout of adlnet/lrs-conformance-test-suite "
                         f"(no bin/console_runner.js there)")
    if not (suite / "node_modules").is_dir():
        raise SetupError(f"{suite}: the suite's packages are not installed: run `npm install` in {suite}")
    return node


def parse_log(data: dict, version: str, log_path: str = "") -> RunResult:
    """Turn the suite's JSON run log into per-section counts and a list of failures."""
    summary = data.get("summary") or {}
    result = RunResult(version=version, total=summary.get("total") or 0, passed=summary.get("passed") or 0,
                       failed=summary.get("failed") or 0, state=data.get("state", "?"),
                       duration_s=(data.get("duration") or 0) / 1000, log_path=log_path)
    root = data.get("log")
    if not root:
        return result
    if root.get("error"):  # a root-level hook (the suite's set-up) failed
        result.failures.append(Failure("(set-up)", [], root["error"]))
    for section_node in root.get("tests", []):
        section = SectionResult(section_node.get("title", "?"))
        _walk(section_node, [], section, result.failures)
        result.sections.append(section)
    return result


def _walk(node: dict, path: list[str], section: SectionResult, failures: list[Failure]) -> None:
    children = node.get("tests") or []
    here = path + [node.get("title", "?")]
    if not children:
        if node.get("status") == "passed":
            section.passed += 1
        elif node.get("status") == "failed":
            section.failed += 1
            failures.append(Failure(section.title, here[1:], node.get("error") or ""))
        return
    if node.get("error"):  # a before/after hook of this suite failed
        section.failed += 1
        failures.append(Failure(section.title, here[1:] + ["(hook)"], node["error"]))
    for child in children:
        _walk(child, here, section, failures)


def run_suite(node: str, suite: Path, endpoint: str, key: str, secret: str, version: str,
              grep: str | None, bail: bool, timeout: float) -> RunResult:
    cmd = [node, "bin/console_runner.js", "-e", endpoint.rstrip("/"), "-a", "-u", key, "-p", secret,
           "-x", version]
    if grep:
        cmd += ["-g", grep]
    if bail:
        cmd += ["-b"]
    started = time.time()
    print(f"[{version}] running the suite against {endpoint} ...", flush=True)
    done = subprocess.run(cmd, cwd=suite, capture_output=True, text=True, timeout=timeout)
    match = re.search(r"Full run log written to (\S+)", done.stdout)
    log_path = Path(match.group(1)) if match else _newest_log(suite, started)
    if log_path is None or not log_path.is_file():
        raise SetupError(f"the suite wrote no JSON log (exit {done.returncode}); its output:\n"
                         f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return parse_log(json.loads(log_path.read_text()), version, str(log_path))


def _newest_log(suite: Path, since: float) -> Path | None:
    logs = [p for p in (suite / "logs").glob("*.log") if p.stat().st_mtime >= since]
    return max(logs, key=lambda p: p.stat().st_mtime) if logs else None


def print_result(result: RunResult) -> None:
    width = max([len(s.title) for s in result.sections] + [20])
    width = min(width, 90)
    print(f"\nxAPI {result.version}: {result.passed} passed, {result.failed} failed, "
          f"{result.not_run} not run, of {result.total} ({result.state}, {result.duration_s:.0f} s)")
    print(f"  {'section':<{width}} {'passed':>7} {'failed':>7}")
    for s in result.sections:
        print(f"  {s.title[:width]:<{width}} {s.passed:>7} {s.failed:>7}")


def write_failures(results: list[RunResult], path: Path) -> None:
    lines = []
    for result in results:
        lines.append(f"# xAPI {result.version}: {result.passed} passed, {result.failed} failed, "
                     f"{result.not_run} not run, of {result.total}")
        lines.append(f"log: {result.log_path}\n")
        for failure in result.failures:
            lines.append(f"- [{failure.section}] " + " > ".join(failure.path))
            lines.append("    " + failure.error.replace("\n", "\n    "))
        lines.append("")
    path.write_text("\n".join(lines))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", type=Path, help="installed checkout of adlnet/lrs-conformance-test-suite")
    parser.add_argument("--version", choices=[*VERSIONS, "both"], default="both")
    parser.add_argument("--database-url", help="tracker database (default: a fresh temporary SQLite file)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="kind of fresh database when no --database-url is given")
    parser.add_argument("--grep", help="run only the tests whose titles match this pattern")
    parser.add_argument("--bail", action="store_true", help="stop at the first failing test")
    parser.add_argument("--failures", type=Path, help="write failing test titles and messages to this file")
    parser.add_argument("--server", choices=["gunicorn", "flask"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tracker-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the tracker (repeatable), e.g. a configuration setting")
    parser.add_argument("--server-log", type=Path, help="copy the tracker's log here (500s, tracebacks)")
    parser.add_argument("--endpoint", help="test this running LRS instead of starting ours (needs --user, --password)")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per suite run")
    parser.add_argument("--json", type=Path, help="write the per-section results as JSON")
    return parser.parse_args(argv)


def run_version(args: argparse.Namespace, node: str, version: str) -> RunResult:
    suite = args.suite.resolve()
    if args.endpoint:
        if not (args.user and args.password):
            raise SetupError("--endpoint needs --user and --password")
        return run_suite(node, suite, args.endpoint, args.user, args.password, version, args.grep,
                         args.bail, args.timeout)
    # The version the tracker names in answers to requests that name none (XAPI-00331): each suite
    # expects its own version there, so each run configures the tracker as an LRS of that version.
    extra_env = {"TRACKER_XAPI_DEFAULT_VERSION": version}
    extra_env.update(item.split("=", 1) for item in args.tracker_env)
    tracker = RunningTracker(args.database, database_url=args.database_url, server=args.server,
                             workers=args.workers, extra_env=extra_env)
    with tracker:
        try:
            return run_suite(node, suite, tracker.server.endpoint, tracker.credential.key,
                             tracker.credential.secret, version, args.grep, args.bail, args.timeout)
        finally:
            if args.server_log:
                log = args.server_log.with_name(f"{args.server_log.stem}-{version}{args.server_log.suffix}")
                shutil.copyfile(tracker.server.log_path, log)
                print(f"[{version}] tracker log copied to {log}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    bad = [item for item in args.tracker_env if "=" not in item]
    if bad:
        print(f"error: --tracker-env needs KEY=VALUE, got {bad[0]!r}", file=sys.stderr)
        return 2
    try:
        node = check_suite(args.suite.expanduser())
        versions = VERSIONS if args.version == "both" else (args.version,)
        results = [run_version(args, node, version) for version in versions]
    except (SetupError, TrackerStartError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for result in results:
        print_result(result)
    if args.failures:
        write_failures(results, args.failures)
        print(f"\nfailing tests with their messages: {args.failures}")
    if args.json:
        args.json.write_text(json.dumps([{
            "version": r.version, "total": r.total, "passed": r.passed, "failed": r.failed,
            "not_run": r.not_run, "sections": [s.__dict__ for s in r.sections]} for r in results], indent=2))
    return 0 if all(r.failed == 0 and r.not_run == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
