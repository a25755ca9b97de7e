"""Cross-file checks on the loaded model: validation, links, `extends` resolved, readability."""
