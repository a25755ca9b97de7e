"""Upstream LRSs from the TOML file named by TRACKER_FORWARD_CONFIG: endpoint, credentials, filter."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..config import ConfigError

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_KNOWN = {"name", "endpoint", "username", "password", "password_env", "verbs", "activity_prefixes",
          "include_private", "version", "batch_size", "timeout", "backoff_initial", "backoff_max"}


@dataclass(frozen=True)
class Upstream:
    """One LRS statements are forwarded to, and which statements it gets."""

    name: str
    endpoint: str  # ends with '/': <endpoint>statements
    username: str
    password: str
    verbs: tuple[str, ...] = ()  # empty: every verb
    activity_prefixes: tuple[str, ...] = ()  # empty: every object
    include_private: bool = False  # private reflections stay in the tracker unless set (docs/tracker.md)
    version: str = "1.0.3"
    batch_size: int = 50
    timeout: float = 10.0
    backoff_initial: float = 2.0
    backoff_max: float = 300.0

    def wants(self, verb_id: str, activity_id: str | None, private: bool) -> bool:
        """Whether a (non-voiding) statement goes here; `activity_id` is its Object's when an Activity."""
        if private and not self.include_private:
            return False
        if self.verbs and verb_id not in self.verbs:
            return False
        if self.activity_prefixes:
            return activity_id is not None and activity_id.startswith(self.activity_prefixes)
        return True


def load_upstreams(path: str | os.PathLike, environ: dict[str, str] | None = None) -> tuple[Upstream, ...]:
    """Read and check the file; a ConfigError names the file, the upstream and every bad field."""
    environ = os.environ if environ is None else environ
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"TRACKER_FORWARD_CONFIG: cannot read {source}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{source}: {error}") from None
    unknown = set(data) - {"upstream"}
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                          "expected [[upstream]] tables")
    tables = data.get("upstream", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{source}: expected [[upstream]] tables")
    errors: list[str] = []
    found: list[Upstream] = []
    for index, table in enumerate(tables):
        where = f"{source}: upstream[{index}]"
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            where = f"{source}: upstream {table['name']!r}"
        try:
            found.append(_upstream(table, environ, where))
        except ConfigError as error:
            errors.append(str(error))
    names = [u.name for u in found]
    errors += [f"{source}: upstream name {n!r} is used twice" for n in sorted(set(names))
               if names.count(n) > 1]
    if errors:
        raise ConfigError("; ".join(errors))
    return tuple(found)


def _upstream(table: object, environ, where: str) -> Upstream:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    problems = [f"{key}: unknown field" for key in sorted(set(table) - _KNOWN)]
    values: dict = {}

    def text(key: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{key}: expected a non-empty string but received {value!r}")
            return None
        return value.strip()

    name = text("name")
    if name and not NAME.match(name):
        problems.append(f"name: expected a-z, 0-9, - or _ (at most 64) but received {name!r}")
    values["name"] = name
    endpoint = text("endpoint")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        problems.append(f"endpoint: expected an http(s) URL like https://lrs.example/xapi/ "
                        f"but received {endpoint!r}")
    values["endpoint"] = (endpoint or "").rstrip("/") + "/"
    values["username"] = text("username")
    password, variable = table.get("password"), text("password_env", required=False)
    if variable:
        password = environ.get(variable)
        if not password:
            problems.append(f"password_env: the variable {variable} is not set")
    elif not isinstance(password, str) or not password:
        problems.append("password: expected a string (or password_env naming a variable)")
    values["password"] = password
    for key in ("verbs", "activity_prefixes"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.append(f"{key}: expected a list of IRIs but received {value!r}")
        else:
            values[key] = tuple(value)
    if not isinstance(table.get("include_private", False), bool):
        problems.append(f"include_private: expected true or false but received {table['include_private']!r}")
    values["include_private"] = table.get("include_private", False)
    version = table.get("version", "1.0.3")
    if version not in ("1.0.3", "2.0.0"):
        problems.append(f"version: expected 1.0.3 or 2.0.0 but received {version!r}")
    values["version"] = version
    for key, kind, low in (("batch_size", int, 1), ("timeout", (int, float), 0.1),
                           ("backoff_initial", (int, float), 0.01), ("backoff_max", (int, float), 0.01)):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, kind) or value < low:
                problems.append(f"{key}: expected a number of at least {low} but received {value!r}")
            else:
                values[key] = value
    if problems:
        raise ConfigError(f"{where}: " + "; ".join(problems))
    return Upstream(**values)
