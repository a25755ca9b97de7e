"""tests/portal mirrors portal/: one folder per stage (model, checks, stage, engine, publish).

This file puts tests/portal on the import path, so every folder's tests share `portal_helpers`."""
