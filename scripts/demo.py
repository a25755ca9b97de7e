"""`make demo`: build the demo portals and serve them on http://127.0.0.1:8000."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
PORT = 8000


def main() -> int:
    built = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=ROOT)
    if built.returncode != 0:
        return built.returncode
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    with http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler) as server:
        print(f"Leerpad demo: http://127.0.0.1:{PORT}/  (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
