"""Sends the analytics reads to a PostgreSQL read replica, when the deployment has one.

Heatmaps and gap pages read every current level and every role requirement
of the units they show: the heaviest reads in the system, and ones that may
be a moment behind. With DATABASE_REPLICA_URL set, those reads go to the
`analytics` database; everything else, and every write, stays on the primary.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

ANALYTICS = "analytics"
# The tables the heatmaps and gap matrices aggregate.
ANALYTICS_MODELS = frozenset({"workforce.currentlevel", "workforce.rolerequirement"})


class AnalyticsReplicaRouter:
    def db_for_read(self, model, **hints):
        if ANALYTICS not in settings.DATABASES or model._meta.label_lower not in ANALYTICS_MODELS:
            return None
        # Inside a transaction a read must see that transaction's own writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return ANALYTICS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is migrated by replication, never directly.
        return db != ANALYTICS
