"""Schema-driven fuzzing (issue 11): schemathesis, driven by /openapi.json, against a live gunicorn;
no answer may be a 5xx. The short form; bench/api_fuzz.py runs every phase with more examples."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_no_server_errors(live, tmp_path):
    done = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{live.base}/openapi.json", "--checks", "not_a_server_error",
         "-H", f"Authorization: {live.authorization}", "--max-examples", "3", "--seed", "1",
         "--no-shrink", "--workers", "1", "--phases", "examples,fuzzing",
         "--report-dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
