"""The engine seam: the only package that imports MkDocs (render, hooks, caches, search titles, previews)."""
