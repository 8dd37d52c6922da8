"""The permission matrix's world: built once for the module, rolled back at its end."""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.permissions import matrix
from tests.permissions.world import build_world

FAST = override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], AXES_ENABLED=False
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Personas, shared records and each app's extra records, with a signed-in session each."""
    with django_db_blocker.unblock(), FAST, transaction.atomic():
        built = build_world()
        for module in matrix.modules().values():
            extra = getattr(module, "records", None)
            if extra is not None:
                extra(built)
        built.sessions = {}
        for persona, user in built.users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            built.sessions[persona] = dict(client.cookies.items())
        yield built
        transaction.set_rollback(True)
