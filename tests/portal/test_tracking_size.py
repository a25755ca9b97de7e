"""The size budget of issue 4, raised by issue 11: all tracking JavaScript at most 11 KB gzipped, as built.

Issue 4 set 10 KB. Issue 11's shared-device safety (sign-out that sends what waits with the learner's
own token and clears the device, ending the previous learner's session when another one signs in,
sends and downloads bound to the learner they started for, the confirmation before adopting
progress from before the sign-in) costs about 0.8 KB gzipped; the budget is 11 KB since then."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from portal import xapi_profile
from portal.offline import TRACKING_SCRIPTS, finish_site
from portal.settings import THEME

ASSETS = THEME / "assets" / "leerpad"
BUDGET = 11 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_tracking_code_and_profile_data_fit_in_10_kb_gzipped(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ASSETS, site / "assets" / "leerpad")
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    finish_site(site)                        # what the build does after MkDocs: compact, stamp sw.js
    files = [site / "assets" / "leerpad" / name for name in TRACKING_SCRIPTS] + [site / "sw.js"]
    profile = json.dumps(xapi_profile.browser_profile("nl"))
    sizes = {f.name: gzipped(f.read_bytes()) for f in files} | {"profile data": gzipped(profile.encode())}
    total = sum(sizes.values())
    print(f"tracking JS gzipped: {total} bytes {sizes}")
    assert total <= BUDGET, f"{total} bytes gzipped > {BUDGET}: {sizes}"


def test_compacting_drops_comments_and_keeps_strings_and_regexes():
    from portal.offline import compact_js

    source = ("/* head */\nvar s = 'a, b ( c' + \"d = 'e' \\\" f\";  // note\n"
              "var r = /^(x|y) [a/b] \\/ z$/g.exec(s), half = n / 2, m = i - -1, p = a + +b;\n")
    out = compact_js(source)
    assert "head" not in out and "note" not in out
    assert "'a, b ( c'" in out and "\"d = 'e' \\\" f\"" in out
    assert "/^(x|y) [a/b] \\/ z$/g" in out
    assert "- -1" in out and "+ +b" in out          # not joined into -- or ++
    assert len(out) < len(source)


def test_the_template_loads_every_tracking_script_deferred():
    main = (THEME / "main.html").read_text(encoding="utf-8")
    for name in TRACKING_SCRIPTS:
        assert f'"{name[:-3]}"' in main, f"main.html does not load {name}"
    assert re.search(r"<script src=\"\{\{ \('assets/leerpad/' ~ name ~ '\.js'\) \| url \}\}\" defer></script>", main)
