"""The team view's English string set (strings/en.yml) and Dutch display names (strings/nl.yml).

Every Dutch text under tracker/team/ (templates' `_('...')`, Python `_()`/`translate()` calls,
abort() descriptions, form labels, choices and validation messages, and the texts passed through
`_()` at run time: statuses, menu, error headings, roles and kinds) has its English version; no
stale keys; placeholders match; and the pages render in English with TRACKER_TEAM_LANGUAGE=en.
"""
from __future__ import annotations

import ast
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from team_samples import ANSWERED, COMPLETED, PROFILE, REFLECTED, ROOT, SHARED, VISIBILITY, post_form

PROJECT = Path(__file__).resolve().parents[3]
TEAM = PROJECT / "tracker" / "team"
TEMPLATE_CALL = re.compile(r"""\b_\(\s*(['"])((?:(?!\1).)*)\1""", re.S)
TRANSLATING = {"_", "translate"}
# A validator's positional message: DataRequired(message), Email(message), Length(min, max, message), ...
MESSAGE_ARG = {"DataRequired": 0, "InputRequired": 0, "Email": 0, "Length": 2, "NumberRange": 2}
RAISED = {"ValueError", "ValidationError", "StopValidation"}
PLACEHOLDER = re.compile(r"\{(\w*)[^}]*\}")


def catalogue(language: str) -> dict[str, str]:
    return yaml.safe_load((TEAM / "strings" / f"{language}.yml").read_text(encoding="utf-8")) or {}


def _where(file: Path, node: ast.AST) -> str:
    return f"{file.relative_to(PROJECT) if file.is_relative_to(PROJECT) else file.name}:{node.lineno}"


def _literal(node: ast.AST, file: Path, found: dict, unreadable: list) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        found.setdefault(node.value, _where(file, node))
    elif isinstance(node, ast.JoinedStr):
        unreadable.append(_where(file, node))  # an f-string cannot be looked up: use placeholders


def python_texts(file: Path) -> tuple[dict[str, str], list[str]]:
    """Dutch texts in one module: {text: file:line}, and the places that cannot be translated."""
    found: dict[str, str] = {}
    unreadable: list[str] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in TRANSLATING and node.args:
            _literal(node.args[0], file, found, unreadable)
        elif name == "abort" and len(node.args) > 1:
            _literal(node.args[1], file, found, unreadable)
        elif file.name == "forms.py":
            if name.endswith("Field") and node.args:  # the label
                _literal(node.args[0], file, found, unreadable)
            for keyword in node.keywords:
                if keyword.arg == "message":
                    _literal(keyword.value, file, found, unreadable)
                elif keyword.arg == "choices" and isinstance(keyword.value, ast.List):
                    for choice in keyword.value.elts:
                        if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                            _literal(choice.elts[1], file, found, unreadable)
            if name in RAISED and node.args:  # a field's own check: raise ValueError("...")
                _literal(node.args[0], file, found, unreadable)
            if name in MESSAGE_ARG and len(node.args) > MESSAGE_ARG[name]:
                _literal(node.args[MESSAGE_ARG[name]], file, found, unreadable)
    return found, unreadable


def template_texts(file: Path) -> dict[str, str]:
    source = file.read_text(encoding="utf-8")
    name = file.relative_to(PROJECT) if file.is_relative_to(PROJECT) else file.name
    return {m.group(2): f"{name}:{source.count(chr(10), 0, m.start()) + 1}"
            for m in TEMPLATE_CALL.finditer(source)}


def runtime_texts() -> dict[str, str]:
    """Texts that reach `_()` through a variable: statuses, menu, error headings, roles, kinds."""
    from tracker.team.board import STATUSES
    from tracker.team.confirming import KIND_NAMES
    from tracker.team.staff import ROLES
    from tracker.team.structure import LOCATION_KINDS
    from tracker.team.views import HEADINGS, NAV

    found = {labels[0]: "board.STATUSES" for labels in STATUSES.values()}
    found.update({label: "views.NAV" for _endpoint, label, _roles in NAV})
    found.update({heading: "views.HEADINGS" for heading in HEADINGS.values()})
    found["Er ging iets mis"] = "views._error_page"
    found.update({name: "confirming.KIND_NAMES" for name in KIND_NAMES.values()})
    found.update({code: "the codes shown with _(): staff.ROLES, confirming.KIND_NAMES, LOCATION_KINDS"
                  for code in (*ROLES, *KIND_NAMES, *LOCATION_KINDS)})
    return found


def codes() -> set[str]:
    """Keys that are codes, not Dutch sentences: they need a Dutch display name in nl.yml."""
    from tracker.team.confirming import KIND_NAMES
    from tracker.team.staff import ROLES
    from tracker.team.structure import LOCATION_KINDS

    return {*ROLES, *KIND_NAMES, *LOCATION_KINDS}


def all_texts() -> tuple[dict[str, str], list[str]]:
    found = runtime_texts()
    unreadable: list[str] = []
    for file in sorted(TEAM.rglob("*.py")):
        texts, bad = python_texts(file)
        found.update(texts)
        unreadable += bad
    for file in sorted((TEAM / "templates").rglob("*.html")):
        found.update(template_texts(file))
    return found, unreadable


def test_the_extraction_finds_each_kind_of_text(tmp_path):
    """The extractor itself: a text added in any of the usual places is found."""
    module = tmp_path / "forms.py"
    module.write_text(
        'X = StringField("Label", validators=[DataRequired("Vul in."), Length(1, 2, "Te lang.")])\n'
        'Y = SelectField("Soort", choices=[("a", "Keuze A")])\n'
        'class DayField(DateField):\n    def process_formdata(self, v):\n        raise ValueError("Zo niet.")\n'
        'abort(404, "Weg.")\nflash(_("Klaar, {name}.", name=n))\nabort(403, f"Rol {r}.")\n', encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<p>{{ _('Een tekst') }} {{ _(\"Nog een, {n}\", n=1) }}</p>", encoding="utf-8")
    texts, unreadable = python_texts(module)
    assert set(texts) == {"Label", "Vul in.", "Te lang.", "Soort", "Keuze A", "Zo niet.", "Weg.",
                          "Klaar, {name}."}
    assert unreadable == ["forms.py:8"]
    assert set(template_texts(page)) == {"Een tekst", "Nog een, {n}"}


def test_every_dutch_text_has_english():
    texts, unreadable = all_texts()
    english = catalogue("en")
    missing = {text: where for text, where in texts.items() if text not in english}
    assert missing == {}, "add these to tracker/team/strings/en.yml"
    assert unreadable == [], "an f-string cannot be translated: use _('... {name} ...', name=...)"


def test_no_stale_or_empty_entries():
    texts, _unreadable = all_texts()
    english = catalogue("en")
    assert sorted(set(english) - set(texts)) == [], "no longer used: remove from en.yml"
    assert [k for k, v in english.items() if not isinstance(v, str) or not v.strip()] == []
    dutch = catalogue("nl")
    assert sorted(set(dutch) - codes()) == [], "nl.yml only names codes; Dutch text is its own key"
    assert sorted(codes() - set(dutch)) == [], "every code shown with _() needs a Dutch display name"


def test_placeholders_match():
    for language in ("en", "nl"):
        wrong = {dutch: text for dutch, text in catalogue(language).items()
                 if sorted(PLACEHOLDER.findall(dutch)) != sorted(PLACEHOLDER.findall(text))}
        assert wrong == {}, language


def test_statuses_match_their_english_labels():
    """board.STATUSES carries English labels too (exports): the string set says the same."""
    from tracker.team.board import STATUSES

    english = catalogue("en")
    assert {dutch: english[dutch] for dutch, _english in STATUSES.values()} == \
        {dutch: eng for dutch, eng in STATUSES.values()}


def test_the_setting_is_documented():
    docs = (PROJECT / "docs" / "tracker.md").read_text(encoding="utf-8")
    assert re.search(r"`TRACKER_TEAM_LANGUAGE`.*`en`", docs)


class PageText(HTMLParser):
    """What a person reads (or hears) on a page: text, and the attributes read out or shown."""

    SPOKEN = ("aria-label", "title", "alt", "placeholder", "content")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(answer) -> str:
    parser = PageText()
    parser.feed(answer.get_data(as_text=True))
    return " ".join(" ".join(parser.parts).split())


def left_over(text: str, language: str, data: set[str]) -> list[str]:
    """The catalogue's texts in the other language that still stand in a page shown in `language`."""
    english = catalogue("en")
    pairs = [(d, e) for d, e in english.items() if d != e and d not in codes() and not {d, e} & data]
    other = [d if language == "en" else e for d, e in pairs]
    shown = lambda t: re.search(r"(?<!\w)" + re.escape(" ".join(t.format_map(Blank()).split())) + r"(?!\w)", text)
    return sorted(t for t in other if len(t) >= 5 and "{" not in t and shown(t))


class Blank(dict):
    def __missing__(self, key):
        return ""


# Names that are also texts of the catalogue: the product (Leerpad), the sample steps' titles and
# the sample staff members' names (conftest.py).
DATA = {"Leerpad", "Intervisie", "Training", "Coach", "Manager", "Admin"}


@pytest.fixture
def pages(org):
    """Every team page as the person who sees it, with enough data that each part is shown."""
    module = ROOT + "modules/veiligheid/"
    for name in ("Anna", "Bram", "Cem", "Daan", "Eva"):
        learner = org.learners[name]
        org.send(learner, COMPLETED, module)
        org.send(learner, ANSWERED, module + "#toets-q1", result={"response": "b", "success": name == "Anna"})
        org.send(learner, REFLECTED, ROOT + "intake/", result={"completion": True, "extensions": {
            PROFILE + "intake-answers": {"ervaring": 0, "ehbo": 1}, PROFILE + "coach-consent": True}})
    anna = org.learners["Anna"]
    shared = org.send(anna, REFLECTED, module + "#reflectie-1",
                      result={"response": "Ik let beter op.", "extensions": {VISIBILITY: "private"}})
    org.send(anna, SHARED, module + "#reflectie-1",
             context={"registration": anna.registration, "statement": {"objectType": "StatementRef", "id": shared}})
    coach = org.sign_in("Coach")
    done = post_form(coach, "/team/bevestigen", "/team/bevestigen", {
        "kind": "training", "step": "kinder-ehbo", "held_on": "2026-01-15",
        "participants": [org.learners[n].id for n in ("Anna", "Bram")]})
    assert done.status_code == 302, page_text(done)
    manager, admin = org.sign_in("Manager"), org.sign_in("Admin")
    return lambda: {
        "grid": coach.get("/team/"), "person": coach.get(f"/team/persoon/{anna.id}"),
        "confirm": coach.get("/team/bevestigen"), "needs": coach.get("/team/behoeften"),
        "charts": coach.get("/team/grafieken"), "beheer (manager)": manager.get("/team/beheer"),
        "beheer (admin)": admin.get("/team/beheer"), "person (manager)": manager.get(f"/team/persoon/{anna.id}"),
        "sign-in": org.app.test_client().get("/team/aanmelden"),
        "confirm with errors": post_form(coach, "/team/bevestigen", "/team/bevestigen", {"kind": "training"}),
        "not found": coach.get("/team/bestaat-niet"),
        "not your team": org.sign_in("Coach2").get(f"/team/persoon/{anna.id}"),
        "not your role": admin.get("/team/bevestigen"),
    }


SPOT_CHECKS = {
    "grid": ["Where does your team stand?", "Required done", "Export as CSV", "confirmed by Coach", "not started",
             "Main menu", "What does the team need?", "Sign out", "(coach)"],
    "person": ["Back to the team", "Required steps done", "Knowledge checks", "Shared reflections",
               "Send response", "Coaches' notes", "Confirmed by", "training"],
    "confirm": ["Confirm a training, coaching conversation or peer consultation", "What took place?",
                "Coaching conversation", "Separate coaching conversation (not from the learning path)"],
    "needs": ["Intake: what are people asking for?", "Knowledge questions often answered wrong"],
    "charts": ["Required steps done, per team, over the last 12 weeks", "Completed per module"],
    "beheer (manager)": ["Administration", "Teams, coaches and learners of your locations.", "Add staff member",
                         "day care", "(manager)"],
    "beheer (admin)": ["Add location", "Type of childcare", "End sessions", "(administrator)"],
    "person (manager)": ["Trainings, coaching and peer consultation"],
    "sign-in": ["Sign in to Leerpad team", "Ask your administrator for a sign-in link."],
    "confirm with errors": ["There is a problem", "Choose at least one learner.", "Enter the date, such as 2026-03-14."],
    "not found": ["Not found", "This page does not exist."],
    "not your team": ["No access", "This person is not in your teams or locations."],
    "not your role": ["This page is not for the role administrator."],
}
DUTCH_SPOT_CHECKS = {
    "grid": ["Waar staat je team?", "bevestigd door Coach", "(coach)"],
    "beheer (manager)": ["(leidinggevende)", "dagopvang"],
    "beheer (admin)": ["(beheerder)"],
    "confirm with errors": ["Kies ten minste één deelnemer."],
    "not your role": ["Deze pagina is niet voor de rol beheerder."],
}


def test_pages_in_english(org, pages):
    org.app.config["TRACKER_TEAM_LANGUAGE"] = "en"
    for name, answer in pages().items():
        text = page_text(answer)
        assert answer.headers["Content-Type"].startswith("text/html"), name
        assert [s for s in SPOT_CHECKS[name] if s not in text] == [], (name, text)
        assert left_over(text, "en", DATA) == [], (name, text)
        assert '<html lang="en">' in answer.get_data(as_text=True), name


def test_pages_in_dutch(org, pages):
    org.app.config["TRACKER_TEAM_LANGUAGE"] = "nl"
    for name, answer in pages().items():
        text = page_text(answer)
        assert [s for s in DUTCH_SPOT_CHECKS.get(name, []) if s not in text] == [], (name, text)
        assert left_over(text, "nl", DATA) == [], (name, text)
        assert '<html lang="nl">' in answer.get_data(as_text=True), name


def test_pages_have_unique_ids_and_working_in_page_links(org, pages):
    """Labels, error summaries and skip links point at ids: each id once, each #link to an id."""
    for name, answer in pages().items():
        source = answer.get_data(as_text=True)
        ids = re.findall(r'\sid="([^"]+)"', source)
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], name
        assert sorted(set(re.findall(r'href="#([^"]+)"', source)) - set(ids)) == [], name
