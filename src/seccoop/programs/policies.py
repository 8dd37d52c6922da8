"""Who may see and change the records of the programs app (see seccoop.core.permissions)."""
