"""The content model: schemas, YAML with line numbers, loading the sources, problems and their messages."""
