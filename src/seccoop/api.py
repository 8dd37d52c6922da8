"""The REST API: one django-ninja instance, one router per app."""

from ninja import NinjaAPI

from seccoop.core.api_auth import SessionAuthWithCsrf, TokenAuth

api = NinjaAPI(
    title="seccoop API",
    version="1",
    description=(
        "The directorate's work and workforce. Authenticate with `Authorization: Bearer <token>`."
    ),
    auth=[TokenAuth(), SessionAuthWithCsrf()],
    urls_namespace="api",
)
