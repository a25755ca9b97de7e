"""Strict JSON for whatever a client sends: UTF-8, finite numbers, no lone surrogates, bounded nesting.

Checked on input, so nothing stored can later break a read: a lone surrogate cannot be encoded as
UTF-8, `1e999` would be served as bare `Infinity` (not JSON), and deep nesting makes parsing, copying
and formatting run out of recursion (issue 11).
"""
from __future__ import annotations

import json
import math
import re

from .errors import XAPIError

MAX_DEPTH = 64  # objects and arrays inside each other; a Statement needs about 8
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JSONLimitError(XAPIError):
    """Well-formed JSON the tracker refuses to keep (too deep, a lone surrogate, a non-finite number)."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONLimitError(f"the number {text} is not finite (JSON numbers must be finite)")
    return value


def _no_constant(name: str):
    raise JSONLimitError(f"{name} is not JSON (numbers must be finite)")


def load_json(data: str | bytes, where: str) -> object:
    """Parse `data` strictly; refuse with 400 naming `where` (JSONLimitError for the limits above)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise XAPIError(f"{where}: not UTF-8") from None
    try:
        value = json.loads(data, parse_float=_finite, parse_constant=_no_constant)
    except JSONLimitError as error:
        raise JSONLimitError(f"{where}: {error.message}") from None
    except RecursionError:
        raise JSONLimitError(f"{where}: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:
        raise XAPIError(f"{where}: malformed JSON ({error})") from None
    check_json(value, where, surrogates=_SURROGATE_ESCAPE.search(data) is not None,
               depth=data.count("[") + data.count("{") > MAX_DEPTH)
    return value


def check_json(value: object, where: str, *, surrogates: bool = True, depth: bool = True) -> None:
    """Refuse lone surrogates (in keys and strings) and nesting deeper than MAX_DEPTH, iteratively."""
    if not surrogates and not depth:
        return
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            if level > MAX_DEPTH:
                raise JSONLimitError(f"{where}: nested deeper than {MAX_DEPTH} levels")
            for key, inner in item.items():
                if surrogates and _SURROGATE.search(key):
                    raise JSONLimitError(f"{where}: a key holds a lone surrogate (not Unicode text)")
                stack.append((inner, level + 1))
        elif isinstance(item, list):
            if level > MAX_DEPTH:
                raise JSONLimitError(f"{where}: nested deeper than {MAX_DEPTH} levels")
            stack.extend((inner, level + 1) for inner in item)
        elif surrogates and isinstance(item, str) and _SURROGATE.search(item):
            raise JSONLimitError(f"{where}: a string holds a lone surrogate (not Unicode text)")


def json_param(raw: str, name: str) -> object:
    """A query parameter holding JSON (`agent`, ...), under the same limits."""
    try:
        return load_json(raw, f"{name} parameter")
    except JSONLimitError:
        raise
    except XAPIError:
        raise XAPIError(f"{name} parameter: must be JSON, got {raw!r}") from None
