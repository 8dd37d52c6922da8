"""Pure computation on compact arrays: gaps, coverage, staffing, text mapping.

Nothing here imports Django; callers load arrays from the database and pass them in.
"""
