#!/usr/bin/env python3
"""Portal build benchmark: 8 role portals from 500 modules vs one plain MkDocs build of them.

Generates a synthetic corpus in a temporary folder (500 modules of about 600 words with
headings, lists, admonitions and tables; 8 roles each using about 40% of them), then times
in one run: `build.py` for all roles, one plain `mkdocs build` of the 500 modules as a
single Material site, a rebuild with nothing changed, and a rebuild after editing one module.
With `--runs N` the plain build and the full build (from an empty output and stage) are
timed N times, alternately, and the median of each is reported.

    .venv/bin/python bench/build_bench.py [--modules 500] [--roles 8] [--share 0.4] [--runs 1] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("kind ouder groep spel taal gedrag veilig observeren reflectie coach team dag ritme eten slapen "
         "buiten binnen lezen zingen luisteren praten kijken helpen samen rust grens ruimte keuze gevoel "
         "welbevinden betrokkenheid ontwikkeling signaal overdracht mentor plan doel vraag antwoord").split()
ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1"}


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def module_text(rng: random.Random, number: int) -> str:
    """About 600 words: headings, paragraphs, a list, an admonition and a table."""
    front = {
        "title": f"Module {number:03d}", "summary": sentence(rng, 10), "duration": rng.choice([10, 15, 20, 30]),
        "level": rng.choice(["starter", "ervaren", "iedereen"]), "themes": rng.sample(WORDS, 2),
        "objectives": [sentence(rng, 8) for _ in range(2)], "reflection": [sentence(rng, 9)],
        "check": [{"question": sentence(rng, 8), "options": [
            {"text": sentence(rng, 4), "correct": True, "feedback": sentence(rng, 6)},
            {"text": sentence(rng, 4), "feedback": sentence(rng, 6)}]}],
    }
    parts = []
    for section in range(4):
        parts.append(f"## {sentence(rng, 3)[:-1]}\n")
        parts.append(" ".join(sentence(rng) for _ in range(5)) + "\n")
        if section == 1:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(5)) + "\n")
        if section == 2:
            parts.append('!!! tip "Tip"\n    ' + " ".join(sentence(rng) for _ in range(3)) + "\n")
        if section == 3:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {sentence(rng, 5)} |" for _ in range(5))
            parts.append(f"| Wat | Hoe |\n|---|---|\n{rows}\n")
        parts.append(" ".join(sentence(rng) for _ in range(3)) + "\n")
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + "\n".join(parts)


def generate(folder: Path, modules: int, roles: int, share: float, phase_size: int,
             seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    (folder / "content").mkdir(parents=True)
    (folder / "paths").mkdir()
    ids = [f"module-{n:03d}" for n in range(modules)]
    for number, module_id in enumerate(ids):
        (folder / "content" / f"{module_id}.md").write_text(module_text(rng, number), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    usage: dict[str, list[str]] = {}
    covered: set[str] = set()
    for role_number in range(roles):
        chosen = sorted(rng.sample(ids, round(modules * share)))
        if role_number == roles - 1:   # every module in some path: no warnings
            chosen = sorted(set(chosen) | (set(ids) - covered))
        covered |= set(chosen)
        role = f"rol-{role_number + 1}"
        usage[role] = chosen
        count = -(-len(chosen) // phase_size)
        phases = [{"id": f"fase-{p + 1}", "title": f"Fase {p + 1}",
                   "steps": [{"module": m} for m in chosen[p * phase_size:(p + 1) * phase_size]]}
                  for p in range(count)]
        path = {"title": f"Rol {role_number + 1}", "description": sentence(rng), "audience": sentence(rng, 3),
                "phases": phases}
        (folder / "paths" / f"{role}.yml").write_text(yaml.safe_dump(path, sort_keys=False), encoding="utf-8")
    return usage


def plain_config(folder: Path) -> Path:
    """The root settings as one plain Material site of all modules (no Leerpad theme, no hooks)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config.pop("hooks", None)
    config.update(docs_dir=str(folder / "content"), site_dir=str(folder / "plain-site"), site_name="Alles")
    file = folder / "plain.yml"
    file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return file


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, all its processes) and output of one command."""
    cpu = children_cpu()
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=ROOT)
    seconds = time.perf_counter() - started
    reported = re.search(r"workers ([0-9.]+) s\)", result.stdout + result.stderr)
    # build.py's role workers are not our children: take the CPU time it reports (plus start-up).
    cpu = children_cpu() - cpu + (float(reported[1]) if reported else 0.0)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return seconds, cpu, result.stdout + result.stderr


def from_scratch(args: list[str], *outputs: Path) -> tuple[float, float, str]:
    """`timed`, after moving the outputs (and caches) of an earlier run aside: deleting thousands
    of files makes the disk slower for a while, so that waits until the end."""
    for folder in outputs:
        if folder.exists():
            folder.rename(folder.parent / "old" / f"{folder.name}-{time.time_ns()}")
    return timed(args)


def rebuilt_roles(output: str) -> list[str]:
    return sorted(re.findall(r"✓ (\S+): \d+ pages", output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--roles", type=int, default=8)
    parser.add_argument("--share", type=float, default=0.4)
    parser.add_argument("--phase-size", type=int, default=10, help="steps per phase (each page lists its phase)")
    parser.add_argument("--runs", type=int, default=1, help="time the plain and the full build N times each")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="leerpad-bench-"))
    try:
        usage = generate(folder, options.modules, options.roles, options.share, options.phase_size)
        (folder / "old").mkdir()
        pages = sum(len(m) for m in usage.values())
        print(f"corpus: {options.modules} modules, {options.roles} roles, {pages} module pages in all, "
              f"phases of {options.phase_size} steps; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        build = [sys.executable, str(ROOT / "build.py"), "--root", str(folder)]
        plain_build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config(folder))]
        plains, fulls = [], []
        for run in range(options.runs):
            plains.append(from_scratch(plain_build, folder / "plain-site"))
            fulls.append(from_scratch(build, folder / "site", folder / ".stage"))
            if options.runs > 1:
                (p_wall, p_cpu, _), (f_wall, f_cpu, _) = plains[-1], fulls[-1]
                print(f"run {run + 1}: plain {p_wall:.2f} s (CPU {p_cpu:.2f} s), build.py {f_wall:.2f} s "
                      f"(CPU {f_cpu:.2f} s) = {f_wall / p_wall:.2f}x; load {os.getloadavg()[0]:.1f}", flush=True)
        plain, plain_cpu = (statistics.median(r[i] for r in plains) for i in (0, 1))
        full, full_cpu = (statistics.median(r[i] for r in fulls) for i in (0, 1))
        out_full = fulls[-1][2]
        again, again_cpu, out_again = timed(build)
        edited_id = usage["rol-1"][0]
        users = sorted(role for role, ids in usage.items() if edited_id in ids)
        module = folder / "content" / f"{edited_id}.md"
        module.write_text(module.read_text(encoding="utf-8") + "\nEen extra zin.\n", encoding="utf-8")
        edit, edit_cpu, out_edit = timed(build)
        rebuilt = rebuilt_roles(out_edit)
        runs = f" (median of {options.runs})" if options.runs > 1 else ""
        rows = [
            (f"plain mkdocs build, one site{runs}", plain, plain_cpu, ""),
            (f"build.py, all {options.roles} role portals{runs}", full, full_cpu,
             f"target <= 0.60x; roles built: {len(rebuilt_roles(out_full))}"),
            ("build.py again, nothing changed", again, again_cpu,
             f"target <= 0.05x; roles built: {len(rebuilt_roles(out_again))}"),
            (f"build.py after editing {edited_id}", edit, edit_cpu,
             f"rebuilt {', '.join(rebuilt)}; roles using it: {', '.join(users)} -> "
             + ("OK" if rebuilt == users else "MISMATCH")),
        ]
        print(f"{'':48} {'wall s':>7} {'ratio':>6} {'CPU s':>7} {'ratio':>6}")
        for label, wall, cpu, note in rows:
            print(f"{label:48} {wall:7.2f} {wall / plain:5.2f}x {cpu:7.2f} {cpu / plain_cpu:5.2f}x  {note}")
        print(f"load average after: {os.getloadavg()[0]:.1f} (other processes on the machine distort wall times)")
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
