"""Workforce work carried out by a background worker: summing the gap figures again.

Imports and exports of every table, workforce's among them, run in
seccoop.core.tasks.
"""

from django_tasks import task


@task()
def rebuild_gap_figures() -> str:
    """Sum the gap figures again for every framework whose stored figures are stale."""
    from seccoop.workforce.gap_figures import rebuild_stale

    built = rebuild_stale()
    return f"built {len(built)}"
