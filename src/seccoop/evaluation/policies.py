"""Who may see and change the records of the evaluation app (see seccoop.core.permissions)."""
