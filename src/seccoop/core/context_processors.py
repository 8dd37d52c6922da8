from django.conf import settings

from seccoop.core.permissions import Role, is_administrator, roles_of


def seccoop(request):
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {
        "system_marking": settings.SECCOOP_SYSTEM_MARKING,
        "user_roles": roles,
        "user_is_administrator": bool(user) and is_administrator(user),
        "user_is_workforce_manager": Role.WORKFORCE_MANAGER in roles,
    }
