"""One complete, plain MkDocs project per role: pages, config, tracking files, script bundles, stylesheet name."""
