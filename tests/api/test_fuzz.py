"""The API answers generated input, valid and invalid, as its OpenAPI document says.

Every operation is called with generated parameters and bodies, as an
administrator and as a member of staff with no role: no answer may be a
server error, and every answer's status and body must be the ones the
document declares. The administrator's run also walks the document's
boundary cases (missing and out-of-range values, methods a route does not
take); the second run only fuzzes, to keep the file well under a minute.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from seccoop.core.api_auth import issue_token

EXAMPLES_PER_OPERATION = 15


def load_schema(*, boundary_cases: bool):
    config = SchemathesisConfig.from_dict(
        {
            "phases": {
                "coverage": {"enabled": boundary_cases},
                # Sequences of calls are not this file's concern.
                "stateful": {"enabled": False},
            },
        }
    )
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", get_wsgi_application(), config=config
    )


# The document is read at collection, from the application itself.
thorough = load_schema(boundary_cases=True)
quick = load_schema(boundary_cases=False)

BOUNDED = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    # A failure is reported with the request that caused it, unshrunk: shrinking
    # a server error through the application can take many minutes per operation.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def negative_data_rejection_of_single_values(ctx, response, case):
    """Invalid input must be refused, except a repeated query parameter or a header.

    `?q=a&q=b` is read as its last value, as Django reads every query string;
    the document cannot say so, and the fuzzer counts it as accepting a list
    (or an object, which it sends as repeated keys). A generated Authorization
    header is replaced by the test's own token, so a case invalid only in its
    headers is sent as a valid one.
    """
    scalars = (str, int, float, bool, type(None))
    if any(not isinstance(value, scalars) for value in (case.query or {}).values()):
        return None
    meta = case.meta
    if meta is not None and not any(
        meta.is_negative_at(location)
        for location in (ParameterLocation.PATH, ParameterLocation.QUERY, ParameterLocation.BODY)
    ):
        return None
    return negative_data_rejection(ctx, response, case)


CHECKS = {
    # A schema-valid request may still name a record that does not exist (a
    # role type slug, a person id): the API answers it with a documented 422.
    "excluded_checks": [positive_data_acceptance, negative_data_rejection],
    "additional_checks": [negative_data_rejection_of_single_values],
}


@pytest.fixture(autouse=True)
def _requests_keep_the_test_transaction():
    """Serve requests on the test's connection, as Django's test client does.

    The application itself closes the connection after each request, which
    would end the test's transaction (on PostgreSQL) under the fuzzer's calls.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def bearer(person) -> dict[str, str]:
    _, secret = issue_token(user=person.user, name="fuzz", lifetime_days=1)
    return {"Authorization": f"Bearer {secret}"}


# An administrator's generated writes reach the database: `make test` runs
# them on PostgreSQL, the stricter engine (NUL characters, integer ranges).
@pytest.mark.once_on_postgres
@thorough.parametrize()
@BOUNDED
def test_every_operation_answers_an_administrator_as_documented(case, directorate):
    case.call_and_validate(headers=bearer(directorate.administrator), **CHECKS)


# Staff with no role are refused or filtered before the database is asked.
@pytest.mark.once_on_sqlite
@quick.parametrize()
@BOUNDED
def test_every_operation_answers_staff_with_no_role_as_documented(case, directorate):
    case.call_and_validate(headers=bearer(directorate.outsider), **CHECKS)
