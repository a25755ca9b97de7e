"""Turn pydantic's validation errors into `file:line: field: message` problems."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from portal.problems import Problems
from portal.schema import STEP_KINDS
from portal.yamlsource import Loc, Located


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
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = allowed_fields(model, loc[:-1])
        text = "unknown key"
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if hint:
            text += f"; did you mean '{hint[0]}'?"
        elif allowed:
            text += f"; allowed: {', '.join(allowed)}"
        return text
    if kind == "missing":
        return "required but missing"
    if kind == "step_kind":
        return step_kind_message(source.data, data_loc(source.data, loc))
    text = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if kind != "value_error" and (value is None or isinstance(value, (str, int, float, bool, dt.date))):
        text += f" (got {value!r})"
    return text


def step_kind_message(data: Any, loc: Loc) -> str:
    text = "a step needs exactly one of: " + ", ".join(STEP_KINDS)
    step = _get(data, loc)
    if isinstance(step, dict):
        found = [k for k in STEP_KINDS if k in step]
        if len(found) > 1:
            return f"{text} (found {', '.join(found)})"
        for key in step:
            hint = difflib.get_close_matches(str(key), STEP_KINDS, n=1, cutoff=0.6)
            if hint:
                return f"{text}; did you mean '{hint[0]}' instead of '{key}'?"
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
