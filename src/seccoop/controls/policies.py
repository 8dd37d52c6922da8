"""Who may see and change the records of the controls app (see seccoop.core.permissions)."""
