"""The size budget of issue 4: all tracking JavaScript at most 10 KB gzipped, as built: `identity.js`
in the page bundle and the signed-in script it loads.

Issue 11's shared-device safety (sign-out, ending the previous learner's session, learner-bound
sends and downloads, the confirmation before adopting progress) fits in it since the build bundles
the modules (measured in the bundle, 9,297 bytes on 2026-12-06)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from portal.stage import scripts, xapi_profile
from portal.publish.offline import finish_site
from portal.stage.scripts import compact_js
from portal.settings import THEME

ASSETS = THEME / "assets" / "leerpad"
BUDGET = 10 * 1024
ORGANISATION_BUDGET = 3 * 1024  # team.js and obligations.js (with their Dutch and English text): their own budget


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_tracking_code_and_profile_data_fit_in_10_kb_gzipped(tmp_path):
    """As shipped: what the tracking modules add to the gzipped bundle, `offline.js` (in every
    portal's bundle, there for the service worker), the stamped `sw.js` and the profile data."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    finish_site(site)                        # what the build does after the engine: stamp sw.js
    offline = compact_js((ASSETS / "offline.js").read_text(encoding="utf-8")).encode()
    profile = json.dumps(xapi_profile.browser_profile("nl"))
    sizes = {"identity.js in the page bundle": gzipped(scripts.bundle(True)[1]) - gzipped(scripts.bundle(False)[1]),
             "the signed-in script": gzipped(_without_organisation(scripts.signed_in_bundle()[1])),
             "offline.js": gzipped(offline), "sw.js": gzipped((site / "sw.js").read_bytes()),
             "profile data": gzipped(profile.encode())}
    total = sum(sizes.values())
    print(f"tracking JS gzipped: {total} bytes {sizes}")
    assert total <= BUDGET, f"{total} bytes gzipped > {BUDGET}: {sizes}"


def _organisation_parts() -> list[str]:
    return [compact_js((ASSETS / f"{name}.js").read_text(encoding="utf-8")).rstrip() + ";\n"
            for name in scripts.ORGANISATION]


def _without_organisation(bundle: bytes) -> bytes:
    text = bundle.decode()
    for part in _organisation_parts():
        assert part in text
        text = text.replace(part, "")
    return text.encode()


def test_the_organisation_modules_have_a_budget_of_their_own():
    """team.js (confirmed steps, the coach's feedback) and obligations.js (Mijn verplichtingen):
    what they add to the gzipped signed-in script of a tracked portal."""
    signed_in = scripts.signed_in_bundle()[1]
    added = gzipped(signed_in) - gzipped(_without_organisation(signed_in))
    print(f"organisation modules gzipped: {added} bytes")
    assert 0 < added <= ORGANISATION_BUDGET, f"{added} bytes gzipped > {ORGANISATION_BUDGET}"


def test_compacting_drops_comments_and_keeps_strings_and_regexes():
    source = ("/* head */\nvar s = 'a, b ( c' + \"d = 'e' \\\" f\";  // note\n"
              "var r = /^(x|y) [a/b] \\/ z$/g.exec(s), half = n / 2, m = i - -1, p = a + +b;\n")
    out = compact_js(source)
    assert "head" not in out and "note" not in out
    assert "'a, b ( c'" in out and "\"d = 'e' \\\" f\"" in out
    assert "/^(x|y) [a/b] \\/ z$/g" in out
    assert "- -1" in out and "+ +b" in out          # not joined into -- or ++
    assert len(out) < len(source)


def test_the_page_bundle_holds_sign_in_only_with_a_tracker_and_the_rest_waits_for_a_sign_in():
    with_tracker = scripts.bundle(True)[1].decode()
    without = scripts.bundle(False)[1].decode()
    signed_in = scripts.signed_in_bundle()[1].decode()
    for name in scripts.SCRIPTS:
        body = compact_js((ASSETS / f"{name}.js").read_text(encoding="utf-8")).strip()
        if name == "identity":
            assert body in with_tracker and body not in without and body not in signed_in, name
        elif name in scripts.SIGNED_IN:
            assert body in signed_in and body not in with_tracker and body not in without, name
        else:
            assert body in with_tracker and body in without and body not in signed_in, name
    main = (THEME / "main.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="\{\{ lp\.bundle \| url \}\}" defer></script>', main)
    assert "signed-in" not in main, "the page never names the signed-in script: identity.js loads it"


def test_the_page_data_keeps_the_strings_the_scripts_name_and_no_others():
    strings = {"saved": "Opgeslagen", "state_done": "klaar", "landing_footer": "only in a template"}
    data = {"role": "r", "strings": strings, "xapi": {"tracker": "http://t", "script": "signed-in.0.js"}}
    text = scripts.bundle(True, data)[1].decode()
    start = text.index("JSON.stringify(") + len("JSON.stringify(")
    kept = json.JSONDecoder().raw_decode(text, start)[0]
    assert kept["strings"] == {"saved": "Opgeslagen", "state_done": "klaar"}
    assert kept["xapi"] == data["xapi"] and kept["role"] == "r"
