"""Every route of seccoop: the pages of the URL conf and the operations of the API schema."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/",)  # the Django admin has its own permission system
API_NAMESPACE = "api"


@dataclass(frozen=True)
class Route:
    key: str  # the URL name of a page, or "METHOD /api/v1/path/{param}" of an operation
    app: str  # the app whose matrix module holds the entry
    kind: str  # "page" or "api"
    pattern: str  # the URL pattern, for messages
    params: tuple[str, ...]
    method: str = "GET"  # of an API operation
    name: str | None = None  # the URL name of a page, for reverse()

    @property
    def matrix_file(self) -> str:
        return f"tests/permissions/matrix/{self.app}.py"


def _seccoop_apps() -> set[str]:
    return {c.label for c in apps.get_app_configs() if c.name.startswith("seccoop.")}


def _app_of(namespace: str | None, callback) -> str:
    labels = _seccoop_apps()
    if namespace and namespace.split(":")[0] in labels:
        return namespace.split(":")[0]
    module = getattr(callback, "__module__", "") or ""
    parts = module.split(".")
    if parts[0] == "seccoop" and len(parts) > 1 and parts[1] in labels:
        return parts[1]
    return "core"


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def page_routes() -> list[Route]:
    static = tuple(
        p.lstrip("/") for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.strip("/")
    )
    found: dict[str, Route] = {}
    for pattern, namespace, entry in _walk(get_resolver().url_patterns):
        if pattern.startswith(SKIPPED_PREFIXES) or (static and pattern.startswith(static)):
            continue
        module = getattr(entry.callback, "__module__", "") or ""
        if namespace == API_NAMESPACE and module.startswith("ninja.operation"):
            continue  # an API operation: taken from the schema
        key = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or pattern
        if key in found:
            key = pattern
        params = tuple(entry.pattern.regex.groupindex)
        found[key] = Route(
            key=key,
            app=_app_of(namespace, entry.callback),
            kind="page",
            pattern="/" + pattern,
            params=params,
            name=f"{namespace}:{entry.name}" if namespace and entry.name else entry.name,
        )
    return list(found.values())


def api_routes() -> list[Route]:
    from seccoop.api import api

    try:
        schema = api.get_openapi_schema()
    except Exception as exc:  # noqa: BLE001 - reported as a failing route, the pages still run
        return [Route(key="API schema", app="core", kind="broken", pattern=repr(exc), params=())]
    labels = _seccoop_apps()
    routes = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            # django-ninja names an operation after its module: seccoop_<app>_...
            parts = operation.get("operationId", "").split("_")
            app = (
                parts[1]
                if len(parts) > 2 and parts[0] == "seccoop" and parts[1] in labels
                else "core"
            )
            routes.append(
                Route(
                    key=f"{method.upper()} {path}",
                    app=app,
                    kind="api",
                    pattern=path,
                    params=tuple(re.findall(r"{(\w+)}", path)),
                    method=method.upper(),
                )
            )
    return routes


def all_routes() -> list[Route]:
    return sorted(page_routes() + api_routes(), key=lambda r: (r.app, r.kind, r.key))
