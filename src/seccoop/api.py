"""The REST API: one django-ninja instance, one router per app.

Every error has the same shape, `{"detail": "...", "errors": {field: [messages]}}`:
401 without valid credentials, 403 for an action the policy refuses, 404 for
a record that does not exist or that the user may not see, 409 for an edit
made against a version someone else has since changed, 413 for a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, 422 for invalid input (naming the fields).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputValidationError
from ninja.parser import Parser

from seccoop.competencies.api import router as competencies_router
from seccoop.controls.api import router as controls_router
from seccoop.controls.api_policy import router as disclosure_policy_router
from seccoop.core.api import error_map
from seccoop.core.api import router as core_router
from seccoop.core.api_auth import SessionAuthWithCsrf, TokenAuth
from seccoop.core.audit import note_refusal
from seccoop.core.audit_api import router as audit_router
from seccoop.core.json_input import JsonRefused, parse_json
from seccoop.core.services import ConcurrentEditError
from seccoop.development.api import router as development_router
from seccoop.evaluation.api import router as evaluation_router
from seccoop.logistics.api import router as logistics_router
from seccoop.partners.api import router as partners_router
from seccoop.programs.api import router as programs_router
from seccoop.workforce.api import router as workforce_router


class BodyRefused(ValueError):
    """A body the parser refuses, with a message that names what is wrong."""


class ObjectBodyParser(Parser):
    """Bodies are JSON objects.

    A bare string would otherwise be read as a record by its attributes: the
    text "AAA" has a `title` method, and would become a record titled "Aaa".
    """

    def parse_body(self, request):
        try:
            body = parse_json(request.body)
        except JsonRefused as exc:
            where = "body" + exc.where.removeprefix("$")
            raise BodyRefused(f"{where}: {exc.problem}") from exc
        if not isinstance(body, dict):
            raise BodyRefused("The request body must be a JSON object.")
        where = _nul_at(body, "body")
        if where:
            raise BodyRefused(f"{where}: text may not hold a NUL character (\\u0000).")
        return body


def _nul_at(value, path: str) -> str | None:
    """The path of the first text (or key) in a parsed body that holds a NUL character.

    No database stores one (PostgreSQL refuses it outright), so it is refused
    here with the field named, for every operation at once.
    """
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return path
            found = _nul_at(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, f"{path}[{index}]")
            if found:
                return found
    return None


def signed_in_in_production(view):
    """The API document and its docs page: for signed-in users (or a token) in production.

    They describe every operation and schema of the system, which is no one's
    business before signing in; in development they stay open for the tools.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if settings.PRODUCTION and not request.user.is_authenticated:
            bearer = request.headers.get("Authorization", "")
            scheme, _, token = bearer.partition(" ")
            if scheme.lower() != "bearer" or TokenAuth().authenticate(request, token) is None:
                if request.path.endswith(".json"):
                    response = JsonResponse(
                        {
                            "detail": "Authentication required: sign in or send a token.",
                            "errors": {},
                        },
                        status=401,
                    )
                    response["WWW-Authenticate"] = "Bearer"
                    return response
                return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    parser=ObjectBodyParser(),
    title="seccoop API",
    version="1",
    description=(
        "The directorate's work and workforce. Authenticate with `Authorization: Bearer <token>` "
        "(create one on the API tokens page) or with the signed-in browser session. "
        "Lists take `limit` and `offset` and answer `{count, items}`."
    ),
    auth=[TokenAuth(), SessionAuthWithCsrf()],
    urls_namespace="api",
    docs_decorator=signed_in_in_production,
)

api.add_router("", core_router)
api.add_router("", audit_router)
api.add_router("", competencies_router)
api.add_router("", workforce_router)
api.add_router("", partners_router)
api.add_router("", programs_router)
api.add_router("", controls_router)
api.add_router("", disclosure_policy_router)
api.add_router("", evaluation_router)
api.add_router("", development_router)
api.add_router("", logistics_router)


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _error(request, 401, "Authentication required: send a valid, unexpired token.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    # The framework reports any parser failure as "Cannot parse request body";
    # a body refused by ObjectBodyParser keeps the parser's own words.
    if isinstance(exc.__cause__, BodyRefused):
        return _error(request, exc.status_code, str(exc.__cause__))
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def body_too_large(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _error(request, 413, f"The request body is larger than the limit of {limit:,} bytes.")


@api.exception_handler(Http404)
def not_found(request, exc):
    # The message names the kind of record, never whether a hidden one exists.
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def refused(request, exc):
    note_refusal(request, str(exc))  # for the audit entry of this 403
    return _error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(ConcurrentEditError)
def stale_edit(request, exc):
    # Someone saved the record after the client read it: say who and when.
    return _error(request, 409, exc.messages[0])


@api.exception_handler(ModelValidationError)
def invalid_record(request, exc):
    return _error(request, 422, "The input is not valid.", error_map(exc))


@api.exception_handler(InputValidationError)
def invalid_input(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is ("body", "payload", "level") or ("query", "limit"): name the field.
        location = [str(part) for part in error.get("loc", ())]
        field = location[-1] if location else "__all__"
        if location[:1] == ["body"] and len(location) > 2:
            field = ".".join(location[2:])
        errors.setdefault(field, []).append(error.get("msg", "Invalid value."))
    return _error(request, 422, "The input is not valid.", errors)
