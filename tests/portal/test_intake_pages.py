"""The staged pages of a path with steps offered only through the intake (`offer: intake`)."""

from __future__ import annotations

from portal_helpers import write
from test_portal_stage import front, staged


def test_an_offered_step_is_left_out_of_the_sidebar_and_prev_next_but_has_its_page(sample):
    path = (sample / "paths/pm-starter.yml").read_text(encoding="utf-8")
    path = path.replace("      - module: oudergesprekken\n        required: false\n",
                        "      - module: oudergesprekken\n        required: false\n        offer: intake\n")
    path += "        - {text: Misschien, add: [oudergesprekken]}\n"
    write(sample / "paths/pm-starter.yml", path)
    _, folder = staged(sample)
    overview = front(folder / "docs/index.md")["leerpad"]
    steps = {s["id"]: s for p in overview["phases"] for s in p["steps"]}
    assert steps["oudergesprekken"]["offer"] == "intake" and steps["coachgesprek"]["offer"] == "always"
    assert overview["steps_count"] == 4 and overview["total_minutes"] == 555       # not counted until added
    coach = front(folder / "docs/stappen/coachgesprek.md")["leerpad"]
    assert [s["id"] for s in coach["phase"]["steps"]] == ["coachgesprek"]
    assert coach["prev"]["url"] == "stappen/kinder-ehbo/"                          # past the offered step
    own = front(folder / "docs/modules/oudergesprekken/index.md")["leerpad"]
    assert [s["id"] for s in own["phase"]["steps"]] == ["oudergesprekken", "coachgesprek"]
    assert own["prev"]["url"] == "stappen/kinder-ehbo/" and own["next"]["url"] == "stappen/coachgesprek/"
