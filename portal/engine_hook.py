"""MkDocs hook in every staged role config: share compiled Jinja templates between role builds.

Only a cache (Jinja's documented bytecode cache, set in MkDocs' public `on_env` event): the
output is the same without it, so an engine that ignores hooks (Zensical) loses nothing but time.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def on_env(env, config, files, **kwargs):
    folder = Path(config.config_file_path).resolve().parent.parent / ".jinja-cache"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env
