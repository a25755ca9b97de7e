"""The size budget of issue 4: all tracking JavaScript at most 10 KB gzipped, as built."""

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
BUDGET = 10 * 1024


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


def test_compacting_keeps_code_and_drops_comments():
    from portal.offline import compact_js

    source = '/* head */\nvar a = "http://x/y";  // note\n  /** doc */\n  if (a) { b(); }\n'
    assert compact_js(source) == 'var a="http://x/y";\nif(a){b();}\n'


def test_compacting_keeps_strings_regexes_and_operators_apart():
    from portal.offline import compact_js

    source = ("var s = 'a, b ( c' + \"d = 'e' \\\" f\";\n"
              "var r = /^(x|y) [a/b] \\/ z$/g.exec(s), half = n / 2, m = i - -1, p = a + +b;\n"
              "return /a b/.test(s) ? { k: 1 } : null;\n")
    assert compact_js(source) == ("var s='a, b ( c'+\"d = 'e' \\\" f\";\n"
                                  "var r=/^(x|y) [a/b] \\/ z$/g.exec(s), half = n / 2, m = i - -1, p = a + +b;\n"
                                  "return /a b/.test(s)?{k:1}:null;\n")


def test_the_template_loads_every_tracking_script_deferred():
    main = (THEME / "main.html").read_text(encoding="utf-8")
    for name in TRACKING_SCRIPTS:
        assert f'"{name[:-3]}"' in main, f"main.html does not load {name}"
    assert re.search(r"<script src=\"\{\{ \('assets/leerpad/' ~ name ~ '\.js'\) \| url \}\}\" defer></script>", main)
