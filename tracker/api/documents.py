"""Document resources (state, activity profile, agent profile)."""
