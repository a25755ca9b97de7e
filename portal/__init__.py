"""Leerpad's portal generator: Markdown modules + YAML role paths -> one static portal per role."""

__version__ = "0.1.0"
