"""Turn pydantic's validation errors into `file:line: field: message` problems in plain words."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from portal.model.messages import say
from portal.model.problems import Problems
from portal.model.schema import STEP_KINDS
from portal.model.yamlsource import Loc, Located


def report(exc: ValidationError, model: type[BaseModel], source: Located, file: Path, problems: Problems) -> None:
    """Add one problem per pydantic error, located in the YAML source."""
    for error in exc.errors(include_url=False):
        loc = data_loc(source.data, tuple(error["loc"]))
        problems.error(file, source.line(loc), field_name(loc), message(error, model, tuple(error["loc"]), source))


def data_loc(data: Any, loc: Loc) -> Loc:
    """Drop the parts of pydantic's location that are union tags, not keys of the data."""
    out: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if part in STEP_KINDS and index >= 2 and isinstance(loc[index - 1], int) and loc[index - 2] == "steps":
            continue  # the discriminated union's tag, not a key
        if isinstance(current, dict) and part in current:
            current = current[part]
            out.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            out.append(part)
        else:
            out.append(part)
            current = None
    return tuple(out)


def field_name(loc: Loc) -> str:
    """`phases[0].steps[2].duration` from its location."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def message(error: dict, model: type[BaseModel], loc: Loc, source: Located) -> str:
    """The error in plain words, in the editor's language, with an example of what is expected."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = allowed_fields(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if hint:
            return say("unknown_key", hint=say("did_you_mean", name=hint[0]))
        return say("unknown_key", hint=say("allowed", names=", ".join(allowed)) if allowed else "")
    if kind == "step_kind":
        return step_kind_message(source.data, data_loc(source.data, loc))
    if kind in ("single_correct", "multiple_correct"):
        return say(kind, **ctx)
    if kind == "needs_preparation":
        return say(kind, kind=ctx["kind"], article="an" if ctx["kind"][0] in "aeiou" else "a")
    example = example_text(model, loc)
    if kind == "missing":
        return say("missing", example=example)
    got = got_text(error.get("input"))
    if kind in ("bool_type", "bool_parsing"):
        return say("yes_no", example=example, got=got)
    if kind == "string_too_short":
        return say("empty", example=example)
    if kind == "too_short":
        return say("too_few", min=ctx.get("min_length"), count=ctx.get("actual_length"), example=example)
    expected = expected_text(kind, ctx)
    if expected is None:
        return say("invalid", example=example, got=got)
    return say("expected", expected=expected, example=example, got=got)


# pydantic's error types, by what the editor should have written.
TYPE_WORDS = {
    "int_type": "type_int", "int_parsing": "type_int", "int_from_float": "type_int",
    "string_type": "type_text", "string_unicode": "type_text",
    "date_type": "type_date", "date_parsing": "type_date", "date_from_datetime_parsing": "type_date",
    "date_from_datetime_inexact": "type_date",
    "list_type": "type_list", "tuple_type": "type_list",
    "dict_type": "type_mapping", "model_type": "type_mapping", "model_attributes_type": "type_mapping",
    "string_pattern_mismatch": "type_slug",
}
LIMITS = {"greater_than": ("type_above", "gt"), "greater_than_equal": ("type_at_least", "ge"),
          "less_than": ("type_below", "lt"), "less_than_equal": ("type_at_most", "le")}


def expected_text(kind: str, ctx: dict) -> str | None:
    if kind in TYPE_WORDS:
        return say(TYPE_WORDS[kind])
    if kind in LIMITS:
        key, limit = LIMITS[kind]
        return say(key, limit=ctx.get(limit))
    if kind == "literal_error":
        return say("type_choice", choices=", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))))
    return None


def got_text(value: Any) -> str:
    """` (nu: 'ja')` for a value written in the file; nothing for a group or a list."""
    if isinstance(value, bool):
        return say("got", value="true" if value else "false")
    if isinstance(value, str):
        return say("got", value=repr(value))
    if isinstance(value, (int, float, dt.date)):
        return say("got", value=str(value))
    return ""


def example_text(model: type[BaseModel], loc: Loc) -> str:
    """`, bijvoorbeeld `renewal: {every_months: 12}`` from the example of the field at `loc`."""
    found = field_at(model, loc)
    if found is None:
        return ""
    name, info = found
    if not info.examples:
        return ""
    return say("example", example=f"{name}: {flow(info.examples[0])}")


def flow(value: Any) -> str:
    """A value as short YAML on one line: `{every_months: 12}`, `[gedrag, ouders]`, `true`."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def field_at(model: type[BaseModel], loc: Loc) -> tuple[str, FieldInfo] | None:
    """The deepest named field on `loc` (`themes` for `themes[0]`) and its pydantic field info."""
    for index in range(len(loc) - 1, -1, -1):
        name = loc[index]
        if not isinstance(name, str):
            continue
        owner = _model_at(model, loc[:index])
        if owner is not None and name in owner.model_fields:
            return name, owner.model_fields[name]
    return None


def step_kind_message(data: Any, loc: Loc) -> str:
    text = say("step_kind", kinds=", ".join(STEP_KINDS))
    step = _get(data, loc)
    if isinstance(step, dict):
        found = [k for k in STEP_KINDS if k in step]
        if len(found) > 1:
            return say("step_kind_found", text=text, found=", ".join(found))
        for key in step:
            hint = difflib.get_close_matches(str(key), STEP_KINDS, n=1, cutoff=0.6)
            if hint:
                return say("step_kind_hint", text=text, kind=hint[0], key=key)
    return text


def allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names of the model that sits at `loc` under `model`."""
    target = _model_at(model, loc)
    if target is None:
        return []
    return [name for name in target.model_fields if name != "kind"]


def _model_at(annotation: Any, loc: Loc) -> type[BaseModel] | None:
    parts = list(loc)
    current = annotation
    while True:
        current = _unwrap(current)
        if _is_union(current):
            options = [a for a in typing.get_args(current) if a is not type(None)]
            if len(options) == 1:
                current = options[0]
                continue
            tag = parts.pop(0) if parts else None
            current = next((o for o in options if _tag(o) == tag), None)
            if current is None:
                return None
            continue
        if not parts:
            return current if isinstance(current, type) and issubclass(current, BaseModel) else None
        part = parts.pop(0)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        elif typing.get_origin(current) in (list, tuple) and isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _tag(annotation: Any) -> str | None:
    model = _unwrap(annotation)
    if isinstance(model, type) and issubclass(model, BaseModel) and "kind" in model.model_fields:
        return model.model_fields["kind"].default
    return None


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
