"""MkDocs hook for `mkdocs serve` at the repository root: every module, readable as plain pages.

The root `mkdocs.yml` has `docs_dir: content`; this hook adds an index of all modules and
shows each module's front matter (summary, objectives, reflection, knowledge check) as
Markdown, so editors see everything they wrote without building the role portals.
"""

from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

# MkDocs loads hooks by file path: make the `portal` package importable from any folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pydantic import ValidationError  # noqa: E402

from portal.model.schema import ModuleMeta

log = logging.getLogger("mkdocs.leerpad")


def on_files(files, config, **kwargs):
    from mkdocs.structure.files import File

    if files.get_file_from_path("index.md") is None:
        pages = sorted(f.src_uri for f in files if f.src_uri.endswith(".md"))
        lines = ["# Alle modules", "", "Voorbeeld van alle modules in `content/`. "
                 "De portalen per rol bouw je met `python build.py`.", ""]
        for uri in pages:
            name = uri.removesuffix("/index.md").removesuffix(".md")
            lines.append(f"- [{name}]({uri})")
        files.append(File.generated(config, "index.md", content="\n".join(lines) + "\n"))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    if page.file.generated_by or not page.meta:
        return markdown
    try:
        meta = ModuleMeta.model_validate(page.meta)
    except ValidationError as exc:
        problems = "\n".join(f"    - {line}" for line in plain_errors(exc, page.meta, config))
        log.warning("%s: front matter: %s error(s); run `python build.py --check`", page.file.src_uri, exc.error_count())
        return f'!!! danger "Fouten in de front matter"\n{problems}\n\n{markdown}'
    return preview_header(meta) + markdown + preview_footer(meta)


def plain_errors(exc: ValidationError, meta: dict, config) -> list[str]:
    """`` `field`: message `` per error, in the portal's language, as `build.py --check` says it."""
    from portal.model import messages, schema_errors
    from portal.model.yamlsource import Located

    messages.use(messages.configured(config))
    source = Located(meta)
    return [f"`{schema_errors.field_name(schema_errors.data_loc(meta, tuple(e['loc'])))}`: "
            f"{esc(schema_errors.message(e, ModuleMeta, tuple(e['loc']), source))}"
            for e in exc.errors(include_url=False)]


def esc(text: str) -> str:
    """Front-matter text is plain text, as in the portals: no HTML gets through."""
    return html.escape(text, quote=True)


def preview_header(meta: ModuleMeta) -> str:
    lines = [f"*{esc(meta.summary)}*", "", f"**{meta.duration} min** · {meta.level}"
             + (f" · {esc(', '.join(meta.themes))}" if meta.themes else ""), ""]
    if meta.objectives:
        lines += ['!!! abstract "Leerdoelen"'] + [f"    - {esc(o)}" for o in meta.objectives] + [""]
    return "\n".join(lines) + "\n"


def preview_footer(meta: ModuleMeta) -> str:
    lines = [""]
    if meta.reflection:
        lines += ['!!! question "Reflectie"'] + [f"    - {esc(r)}" for r in meta.reflection] + [""]
    for number, question in enumerate(meta.check, start=1):
        lines.append(f'??? note "Kennischeck {number}: {esc(question.question)}"')
        for option in question.options:
            mark = "✔" if option.correct else "✘"
            feedback = f" — {esc(option.feedback)}" if option.feedback else ""
            lines.append(f"    - {mark} {esc(option.text)}{feedback}")
        if question.explanation:
            lines += ["", f"    {esc(question.explanation)}"]
        lines.append("")
    if meta.renewal:
        lines.append(f"Opfrissen: elke {meta.renewal.every_months} maanden.")
    if meta.review:
        lines.append(f"Inhoud: {esc(meta.review.owner)}, volgende controle {meta.review.next}.")
    return "\n".join(lines) + "\n"
