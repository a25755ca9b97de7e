"""What the tracker says an Activity is: the loaded portal manifests first, then stored definitions.

Portal activities are named by their portal's `xapi-manifest.json` (`flask portals load`), whatever
any statement carried; other activities keep the definition that credentials with the `define`
scope sent (services/statements.py). The manifest names are Dutch text kept as one string, given
here under PORTAL_LANGUAGE.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..storage import StatementStore
from ..storage.schema import portal_activities

PORTAL_LANGUAGE = "nl-NL"


def portal_definition(engine: Engine, activity_id: str) -> dict | None:
    """The type and name a loaded manifest gives this activity (the first portal's), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(portal_activities.c.type, portal_activities.c.name)
                           .where(portal_activities.c.activity_id == activity_id)
                           .order_by(portal_activities.c.portal).limit(1)).first()
    if row is None:
        return None
    definition: dict = {}
    if row.name:
        definition["name"] = {PORTAL_LANGUAGE: row.name}
    if row.type:
        definition["type"] = row.type
    return definition


def activity_definition(store: StatementStore, activity_id: str) -> dict | None:
    """The definition to show for an activity: the manifest's name and type over any stored definition."""
    stored = store.activity_definition(activity_id)
    from_portal = portal_definition(store.engine, activity_id)
    if from_portal is None:
        return stored
    return {**(stored or {}), **from_portal}
