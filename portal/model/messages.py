"""Editor messages in the portal's language: `nl` (default) or `en`, as `extra.leerpad.language`.

Every message an editor can see from validation and `build.py report` has a key here with a Dutch
and an English text. `use()` picks the language once per run (from mkdocs.yml); `say()` fills in a
message. Messages say what was expected, with an example, and never use a library's words.
"""

from __future__ import annotations

from pathlib import Path

import yaml

LANGUAGES = ("nl", "en")
DEFAULT = "nl"

# key: (nl, en). Parts (hints, type words) are filled into the messages that use them.
CATALOGUE: dict[str, tuple[str, str]] = {
    # parts
    "did_you_mean": ("; bedoel je '{name}'?", "; did you mean '{name}'?"),
    "allowed": ("; toegestaan: {names}", "; allowed: {names}"),
    "example": (", bijvoorbeeld `{example}`", ", for example `{example}`"),
    "got": (" (nu: {value})", " (got {value})"),
    "warning": ("waarschuwing", "warning"),
    "type_int": ("een heel getal", "a whole number"),
    "type_text": ("tekst", "text"),
    "type_date": ("een datum als JJJJ-MM-DD", "a date as YYYY-MM-DD"),
    "type_list": ("een lijst", "a list"),
    "type_mapping": ("een groep velden", "a group of fields"),
    "type_choice": ("een van: {choices}", "one of: {choices}"),
    "type_slug": ("kleine letters, cijfers en streepjes", "lowercase letters, digits and hyphens"),
    "type_above": ("een getal groter dan {limit}", "a number above {limit}"),
    "type_at_least": ("een getal van minstens {limit}", "a number of at least {limit}"),
    "type_below": ("een getal kleiner dan {limit}", "a number below {limit}"),
    "type_at_most": ("een getal van hoogstens {limit}", "a number of at most {limit}"),
    # the fields of a file (schema)
    "unknown_key": ("onbekend veld{hint}", "unknown key{hint}"),
    "missing": ("ontbreekt; voeg het toe{example}", "required but missing; add it{example}"),
    "expected": ("verwacht {expected}{example}{got}", "expected {expected}{example}{got}"),
    "yes_no": ("schrijf true (ja) of false (nee){example}{got}", "write true (yes) or false (no){example}{got}"),
    "empty": ("mag niet leeg zijn{example}", "must not be empty{example}"),
    "too_few": ("er zijn er minstens {min} nodig, nu {count}{example}", "needs at least {min} items, found {count}{example}"),
    "invalid": ("deze waarde klopt niet{example}{got}", "this value is not valid{example}{got}"),
    "step_kind": ("een stap begint met precies één van: {kinds}", "a step needs exactly one of: {kinds}"),
    "step_kind_found": ("{text} (gevonden: {found})", "{text} (found {found})"),
    "step_kind_hint": ("{text}; bedoel je '{kind}' in plaats van '{key}'?",
                       "{text}; did you mean '{kind}' instead of '{key}'?"),
    "single_correct": ("een vraag met één goed antwoord heeft precies één optie met `correct: true` nodig, "
                       "nu {found}; of maak er `type: multiple` van",
                       "a single-choice question needs exactly one correct option, found {found}; "
                       "mark one `correct: true`, or use `type: multiple`"),
    "multiple_correct": ("een vraag met meer goede antwoorden heeft minstens één optie met `correct: true` nodig",
                         "a multiple-choice question needs at least one correct option (`correct: true`)"),
    "needs_preparation": ("een {kind}-stap heeft minstens één voorbereidingsvraag nodig, "
                          "bijvoorbeeld `preparation: [Wat wil je bespreken?]`",
                          "{article} {kind} step needs at least one preparation question, "
                          "for example `preparation: [Wat wil je bespreken?]`"),
    "not_a_mapping": ("verwacht velden met een waarde, zoals `title: ...`, maar dit is {found}",
                      "expected a mapping of fields, such as `title: ...`, but this is {found}"),
    # reading files
    "folder_not_found": ("map niet gevonden", "folder not found"),
    "not_utf8": ("geen UTF-8-tekst: sla het bestand op als UTF-8", "not UTF-8 text: save the file as UTF-8"),
    "cannot_read": ("kan niet gelezen worden: {reason}", "cannot be read: {reason}"),
    "malformed_yaml": ("de YAML klopt niet op of vlak voor deze regel (inspringing, een ':' of ']' te weinig, "
                       "een tab): {problem}",
                       "malformed YAML at or just before this line (indentation, a missing ':' or ']', "
                       "a tab): {problem}"),
    "duplicate_key": ("staat twee keer in dezelfde groep; houd er één", "duplicate key; keep one"),
    "front_matter_missing": ("ontbreekt: begin het bestand met '---', de velden van de module en '---'",
                             "missing: start the file with '---', the module's fields, and '---'"),
    "front_matter_open": ("niet afgesloten: zet een regel '---' na de velden (geopend op regel {line})",
                          "not closed: add a line '---' after the fields (opened on line {line})"),
    "module_id_slug": ("module-id '{id}' mag alleen kleine letters, cijfers en streepjes hebben; "
                       "geef het bestand of de map een andere naam",
                       "module id '{id}' must be lowercase letters, digits and hyphens; rename the file or folder"),
    "duplicate_module": ("module-id '{id}' bestaat twee keer (ook {other})", "duplicate module id '{id}' (also {other})"),
    "path_file_slug": ("de naam van padbestand '{name}' mag alleen kleine letters, cijfers en streepjes hebben",
                       "path file name '{name}' must be lowercase letters, digits and hyphens"),
    "duplicate_path": ("pad '{role}' bestaat twee keer (ook {other})", "duplicate path '{role}' (also {other})"),
    # paths
    "unknown_path": ("onbekend pad '{name}'{hint}", "unknown path '{name}'{hint}"),
    "extends_cycle": ("paden bouwen in een kring op elkaar voort: {cycle}", "cycle in extends: {cycle}"),
    "duplicate_phase": ("fase-id '{id}' staat twee keer in dit pad (ook regel {line})",
                        "duplicate phase id '{id}' (also line {line})"),
    "unknown_module": ("onbekende module '{id}'{hint}", "unknown module '{id}'{hint}"),
    "duplicate_step": ("stap '{id}' staat twee keer in pad '{role}' (ook {where})",
                       "duplicate step id '{id}' in path '{role}' (also {where})"),
    "no_steps": ("het pad heeft geen stappen", "the path has no steps"),
    "unused_module": ("module '{id}' staat in geen enkel pad", "module '{id}' is in no path"),
    # the intake
    "duplicate_question": ("intakevraag-id '{id}' bestaat al in deze intake", "duplicate intake question id '{id}'"),
    "unknown_step": ("onbekende stap '{id}'{hint}", "unknown step id '{id}'{hint}"),
    "hide_required": ("stap '{id}' is verplicht en kan niet verborgen worden; maak de stap `required: false` "
                      "of markeer hem als beheerst (`mastered`)",
                      "step '{id}' is required and cannot be hidden; make it `required: false` or mark it "
                      "`mastered`"),
    "require_required": ("stap '{id}' is al verplicht, dus `require` verandert niets; "
                         "maak de stap `required: false`",
                         "step '{id}' is already required, so `require` changes nothing; make it `required: false`"),
    "add_not_offered": ("stap '{id}' staat altijd in het pad, dus `add` verandert niets; geef de stap "
                        "`offer: intake` om hem alleen na dit antwoord te tonen",
                        "step '{id}' is always in the path, so `add` changes nothing; give it `offer: intake` to "
                        "show it only after this answer"),
    "never_offered": ("stap '{id}' heeft `offer: intake`, maar geen antwoord in de intake van '{role}' voegt hem "
                      "toe; schrijf `add: [{id}]` bij een antwoord of haal `offer: intake` weg",
                      "step '{id}' has `offer: intake`, but no answer in the intake of '{role}' adds it; write "
                      "`add: [{id}]` under an answer or remove `offer: intake`"),
    "rule_conflict": ("stap '{id}' staat bij dit antwoord zowel onder `{first}` als onder `{second}`; kies er één",
                      "step '{id}' is under both `{first}` and `{second}` of this answer; choose one"),
    "same_answers": ("twee antwoorden hebben dezelfde tekst '{text}'; maak ze verschillend",
                     "two answers read '{text}'; make them different"),
    "changes_nothing": ("welk antwoord iemand ook kiest, er verandert niets; geef een antwoord een regel "
                        "(recommend, mastered, hide, require of add) die de andere niet hebben",
                        "whatever the learner answers, nothing changes; give an answer a rule (recommend, "
                        "mastered, hide, require or add) that the others do not have"),
    # `build.py report`: the house writing rules
    "r_headers": ("module niveau woorden gem. max refl. toets scènes regels",
                  "module level words avg max refl. check scenes rules"),
    "r_words": ("{count} woorden leestekst ({min}-{max})", "{count} words of reading text ({min}-{max})"),
    "r_sentence": ('zin van {count} woorden (max {max}): "{opening}"', 'sentence of {count} words (max {max}): "{opening}"'),
    "r_average": ("gemiddelde zin van {average} woorden (max {max})", "average sentence of {average} words (max {max})"),
    "r_count": ("{count} ({min}-{max})", "{count} ({min}-{max})"),
    "r_prompt": ("reflectievraag", "prompt"),
    "r_prompts": ("reflectievragen", "prompts"),
    "r_question": ("toetsvraag", "question"),
    "r_questions": ("toetsvragen", "questions"),
    "r_scene": ("praktijkscène", "practice scene"),
    "r_scenes": ("praktijkscènes", "practice scenes"),
    "r_practice": ("{count} (minstens {min} blokken '!!! example \"...\"')",
                   "{count} (at least {min} '!!! example \"...\"' blocks)"),
    "r_no_explanation": ("geen uitleg (`explanation`)", "no explanation"),
    "r_no_feedback": ("geen feedback bij '{opening}'", "no feedback for '{opening}'"),
    "r_sources_missing": ("ontbreekt: eindig de module met een sectie '{heading}'",
                          "missing: end the module with a '{heading}' section"),
    "r_sources_not_last": ("'{heading}' is niet de laatste sectie", "'{heading}' is not the last section"),
    "r_sources_no_list": ("noemt geen bron (schrijf de bronnen als lijst)", "lists no source (write them as a list)"),
    "r_sources_no_link": ("geen https-link bij de bronnen", "no https link among the sources"),
    "r_summary": ("{modules} modules, {found} bevinding(en) in {failing} module(s)",
                  "{modules} modules, {found} finding(s) in {failing} module(s)"),
    "r_summary_none": ("{modules} modules, geen bevindingen", "{modules} modules, no findings"),
    "r_limits": ("grenzen: {min}-{max} woorden, zinnen van hoogstens {sentence} woorden en gemiddeld {average}",
                 "limits: {min}-{max} words, sentences of at most {sentence} words and {average} on average"),
    # the command line
    "no_role": ("geen pad '{role}'{hint}", "no path '{role}'{hint}"),
    "abstract_role": ("'{role}' is een gedeelde basis (`abstract: true`) en krijgt geen eigen portaal; kies een ander pad",
                      "'{role}' is abstract (`abstract: true`): it gets no portal; choose another path"),
    "nothing_built": ("{errors} fout(en), {warnings} waarschuwing(en): er is niets gebouwd",
                      "{errors} error(s), {warnings} warning(s): nothing was built"),
    "no_report_roles": ("{errors} fout(en): geen rapport", "{errors} error(s): no report"),
    "no_report": ("{errors} fout(en) bij het lezen van de bestanden: geen rapport",
                  "{errors} error(s) while reading the sources: no report"),
    # links in modules
    "broken_link": ("link '{target}' werkt niet: er is geen module '{module}'{hint}",
                    "broken link '{target}': no module '{module}'{hint}"),
    "folder_link": ("; deze module is een map, dus een link naar module '{module}' is '../{written}'",
                    "; this module is a folder, so a link to module '{module}' is '../{written}'"),
    "missing_image": ("afbeelding '{path}' ontbreekt naast de module", "missing image '{path}'"),
    "missing_file": ("bestand '{path}' ontbreekt naast de module", "missing file '{path}'"),
}

_language = [DEFAULT]


def use(language: str | None) -> str:
    """Speak `language` from now on (an unknown one falls back to Dutch); returns the one in use."""
    _language[0] = language if language in LANGUAGES else DEFAULT
    return _language[0]


def current() -> str:
    return _language[0]


def say(key: str, /, **params) -> str:
    """The message `key` in the current language, with `params` filled in."""
    nl, en = CATALOGUE[key]
    return (en if _language[0] == "en" else nl).format(**params)


def configured(config: dict | None) -> str:
    """`extra.leerpad.language` of a loaded mkdocs.yml."""
    leerpad = ((config or {}).get("extra") or {}).get("leerpad") or {}
    language = leerpad.get("language") if isinstance(leerpad, dict) else None
    return language if language in LANGUAGES else DEFAULT


def use_config_file(file: Path) -> str:
    """Speak the language set in the mkdocs.yml at `file` (Dutch when it cannot be read)."""
    try:
        config = yaml.load(file.read_text(encoding="utf-8"), Loader=_Lenient)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None
    return use(configured(config if isinstance(config, dict) else None))


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml may carry tags like `!!python/name:` or `!ENV`: read them as plain values."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
