"""How pages write dates and times, for every language the site runs in (FORMAT_MODULE_PATH)."""
