"""Permission entries of the programs app, one module per area of the app.

Cooperation programs and agreements are in _programs_cooperation; sales and
transfer cases go in _programs_cases, export licences in
_programs_licences. Each area module has its ROUTES and,
if it needs them, a records(world) function.
"""

import importlib

AREAS = []
for _name in ("_programs_cooperation", "_programs_cases", "_programs_licences"):
    try:
        AREAS.append(importlib.import_module(f"tests.permissions.matrix.{_name}"))
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.permissions.matrix.{_name}":
            raise

ROUTES = {key: entry for area in AREAS for key, entry in getattr(area, "ROUTES", {}).items()}


def records(world):
    for area in AREAS:
        if hasattr(area, "records"):
            area.records(world)
