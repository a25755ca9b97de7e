"""The engine exit, proven: the sample portal built with MkDocs and with ProperDocs (each in its
own process, as `LEERPAD_ENGINE` selects it) gives the same files. The documented differences
(docs/engine.md): the generator `<meta>` tag, and what covers every page's bytes (the service
worker's version stamp) or records the build (`.leerpad-build.json`, `.leerpad-inputs.json`)."""

from __future__ import annotations

import brotli
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sample_portal import ROOT, copy_sample

from portal.engine import render

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
SW_VERSION = re.compile(rb'var VERSION="[0-9a-f]+"')
RECORDS = {".leerpad-build.json", ".leerpad-inputs.json"}


def build(project: Path, out: Path, engine: str) -> None:
    env = os.environ | {"LEERPAD_ENGINE": engine, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root",
                             str(project), "--out", str(out), "--tracker", "http://127.0.0.1:5999"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr


def normalised(file: Path) -> bytes:
    data = file.read_bytes()
    if file.suffix == ".gz":
        data = gzip.decompress(data)
    elif file.suffix == ".br":
        data = brotli.decompress(data)
    return SW_VERSION.sub(b'var VERSION="*"', GENERATOR.sub(b'<meta name="generator" content="*">', data))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    root = tmp_path_factory.mktemp("engines")
    project = copy_sample(root / "project")
    build(project, root / "mkdocs-site", "mkdocs")
    build(project, root / "properdocs-site", "properdocs")
    return root / "mkdocs-site", root / "properdocs-site"


def test_both_engines_build_the_same_portal_but_the_documented_differences(both):
    mkdocs_site, properdocs_site = both
    files = {p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*") if p.is_file()}
    assert files == {p.relative_to(properdocs_site) for p in properdocs_site.rglob("*") if p.is_file()}
    assert len(files) > 50
    different = sorted(str(f) for f in files if f.name not in RECORDS
                       and normalised(mkdocs_site / f) != normalised(properdocs_site / f))
    assert different == []
    page = (properdocs_site / "pm-starter" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in page and "ProperDocs" not in (mkdocs_site / "pm-starter" / "index.html").read_text()
    assert '"engine": "properdocs ' in (properdocs_site / "pm-starter" / ".leerpad-build.json").read_text()


def test_an_unknown_engine_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("LEERPAD_ENGINE", "zensical")
    with pytest.raises(render.EngineError, match="unknown site engine 'zensical'.*mkdocs, properdocs"):
        render.configured_engine()
    monkeypatch.delenv("LEERPAD_ENGINE")
    assert render.configured_engine({"extra": {"leerpad": {"engine": "ProperDocs"}}}) == "properdocs"
    assert render.configured_engine({}) == "mkdocs"


def test_an_unknown_engine_stops_the_build_with_a_problem(sample, monkeypatch):
    from portal import pipeline
    from portal.settings import Settings

    monkeypatch.setenv("LEERPAD_ENGINE", "zensical")
    with pytest.raises(pipeline.BuildStopped) as stopped:
        pipeline.build(Settings.at(sample), jobs=1)
    assert "unknown site engine 'zensical'" in str(stopped.value.problems.errors[0])
