"""One settings module, configured by environment variables.

Each variable is read through a small typed helper that fails fast with
ImproperlyConfigured, so a bad deployment stops at start-up rather than later.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
PROJECT_DIR = SRC_DIR.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECCOOP_ENV = env_str("SECCOOP_ENV", "development")
if SECCOOP_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("SECCOOP_ENV must be 'development' or 'production'")
PRODUCTION = SECCOOP_ENV == "production"

DATA_DIR = Path(env_str("SECCOOP_DATA_DIR", str(PROJECT_DIR / "data")))

SECRET_KEY = os.environ.get("SECCOOP_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECCOOP_SECRET_KEY must be set in production")
    # Development only: a key that is not secret and is never used in production.
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105

DEBUG = env_bool("SECCOOP_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "SECCOOP_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "ninja",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "seccoop.core",
    "seccoop.competencies",
    "seccoop.workforce",
    "seccoop.partners",
    "seccoop.programs",
    "seccoop.controls",
    "seccoop.evaluation",
    "seccoop.development",
    "seccoop.logistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected static files, so app servers need no web server of their own.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends a smart card session when its certificate stops coming (seccoop/core/backends.py).
    "seccoop.core.middleware.ClientCertificateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Writes an audit entry for every 403, of the pages and the API.
    "seccoop.core.audit.RefusalAuditMiddleware",
    "seccoop.core.middleware.SessionIdleTimeoutMiddleware",
    # Responses to a signed-in user are never cached (seccoop/core/middleware.py).
    "seccoop.core.middleware.NoStoreWhenSignedInMiddleware",
    # With DEBUG on, a missing page is still the site's own page (seccoop/core/refusals.py).
    "seccoop.core.refusals.StyledNotFoundMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes counts failed sign-ins and locks accounts (instead of a hand-written counter).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Loads the user of a session opened with a smart card (seccoop/core/backends.py).
    "seccoop.core.backends.ClientCertificateBackend",
]
# An account locks after this many failed sign-ins on its user name, wherever they
# come from; a client address after SECCOOP_LOCKOUT_ADDRESS_FAILURES on any accounts,
# counted only when the address is the client's own (seccoop/core/lockout.py).
# Neither figure comes from a public source: each deployment sets its own.
AXES_FAILURE_LIMIT = env_int("SECCOOP_LOCKOUT_FAILURES", 5)
SECCOOP_LOCKOUT_ADDRESS_FAILURES = env_int("SECCOOP_LOCKOUT_ADDRESS_FAILURES", 50)
# Hours an account stays locked; an administrator can unlock sooner (`seccoop axes_reset_username`).
AXES_COOLOFF_TIME = env_int("SECCOOP_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns without "ip_address" above: the address is counted by LockoutHandler instead,
# only when it is the client's own, with its own threshold.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_HANDLER = "seccoop.core.lockout.LockoutHandler"
# Attempts are recorded under the address the audit log names (the trusted proxy header's).
AXES_CLIENT_IP_CALLABLE = "seccoop.core.lockout.client_address"
# The lockout page says how long is left, in words.
AXES_LOCKOUT_CALLABLE = "seccoop.core.lockout.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "Account locked: too many failed sign-in attempts. Try again later, "
    "or ask an administrator to unlock it."
)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The audit log takes the client address from this header (such as X-Forwarded-For)
# only when it is set: set it only behind a proxy that writes that header itself.
SECCOOP_TRUSTED_PROXY_HEADER = env_str("SECCOOP_TRUSTED_PROXY_HEADER", "")

# Smart card sign-in, off unless set: the header in which the reverse proxy passes the
# verified certificate's subject DN, and the proxy addresses (or networks) it may come from.
SECCOOP_CLIENT_CERT_HEADER = env_str("SECCOOP_CLIENT_CERT_HEADER", "")
SECCOOP_CLIENT_CERT_PROXIES = env_list("SECCOOP_CLIENT_CERT_PROXIES", [])

# The Standard Mandatory DoD Notice and Consent Banner, shown before sign-in.
# A deployment may replace it with the text its authorizing official approves.
SECCOOP_CONSENT_BANNER_FILE = env_str(
    "SECCOOP_CONSENT_BANNER_FILE", str(SRC_DIR / "core" / "data" / "consent-banner.txt")
)

# A content security policy with no inline scripts; styles may be inline
# because USWDS components set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

ROOT_URLCONF = "seccoop.urls"
WSGI_APPLICATION = "seccoop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seccoop.core.context_processors.seccoop",
            ],
        },
    },
]


def _database_config() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'seccoop.sqlite3'}"
    if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:///PATH or postgres://...")
    config = dj_database_url.parse(url, conn_max_age=env_int("SECCOOP_DB_CONN_MAX_AGE", 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and one writer work at once; a busy timeout makes a
        # second writer wait instead of failing at once.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database_config()}
# A PostgreSQL read replica for the heatmap and gap reads (seccoop/core/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["analytics"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"]),
        # Tests read the primary: there is no replication between test databases.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["seccoop.core.routers.AnalyticsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after this many seconds without a request (15 minutes by default).
SESSION_IDLE_TIMEOUT = env_int("SECCOOP_SESSION_IDLE_TIMEOUT", 15 * 60)
SESSION_COOKIE_AGE = env_int("SECCOOP_SESSION_MAX_AGE", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECCOOP_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECCOOP_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("SECCOOP_CSRF_TRUSTED_ORIGINS", [])

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("SECCOOP_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# Dates read "4 Dec 2026" and "4 Dec 2026, 14:37" on every page (seccoop/formats/en).
FORMAT_MODULE_PATH = ["seccoop.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("SECCOOP_STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
NODE_MODULES = Path(env_str("SECCOOP_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
# Front-end packages come from npm (make setup); they are served from where
# npm put them rather than copied into the repository.
STATICFILES_DIRS = [
    (prefix, path)
    for prefix, path in [
        ("uswds", NODE_MODULES / "@uswds" / "uswds" / "dist"),
        ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ]
    if path.is_dir()
]

# Outside production, static files are found where they lie, with no collectstatic.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
if PRODUCTION:
    # Names with a content hash, cached for a year by browsers; needs `seccoop collectstatic`.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Background tasks (large imports and exports). "database" queues them in the
# database for `seccoop db_worker`; "redis" queues them on Redis for
# `seccoop rqworker`, for several workers on several machines; "immediate"
# runs each task inside the request that starts it.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
SECCOOP_TASK_BACKEND = env_str("SECCOOP_TASK_BACKEND", "database")
if SECCOOP_TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"SECCOOP_TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[SECCOOP_TASK_BACKEND]}}
RQ_QUEUES = {"default": {"URL": env_str("SECCOOP_REDIS_URL", "redis://127.0.0.1:6379/0")}}
if SECCOOP_TASK_BACKEND == "redis":
    # Workers: `seccoop rqworker --job-class django_tasks_rq.Job default`.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# An upload larger than this is imported by a background worker, with a progress page.
SECCOOP_BACKGROUND_IMPORT_BYTES = env_int("SECCOOP_BACKGROUND_IMPORT_BYTES", 256 * 1024)
# The largest request body read into memory: every API body (answered 413 above
# it) and a form's fields; uploaded files are not counted. Django's own default.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("SECCOOP_MAX_BODY_BYTES", 2_621_440)
# The most data rows one import file may hold (pages, command line and workers
# alike): a ratings file of a whole enterprise stays under the default. A local
# choice, not a published figure.
SECCOOP_IMPORT_MAX_ROWS = env_int("SECCOOP_IMPORT_MAX_ROWS", 1_000_000)

# The competency framework that commands and pages use when none is named.
# The implementing agency's letter in a case identifier, as agency=letter pairs. No
# public source searched gave the table, so it is a setting: the defaults are the
# letters of the military departments as case identifiers are commonly read.
SECCOOP_CASE_AGENCY_CODES = {}
for _pair in env_list("SECCOOP_CASE_AGENCY_CODES", ["army=B", "navy=P", "air-force=D"]):
    _agency, _, _letter = _pair.partition("=")
    if not _agency or len(_letter) != 1 or not _letter.isalpha() or not _letter.isupper():
        raise ImproperlyConfigured(
            f"SECCOOP_CASE_AGENCY_CODES takes agency=LETTER pairs, not {_pair!r}"
        )
    SECCOOP_CASE_AGENCY_CODES[_agency] = _letter

# The standard number of days a case should stay in each stage, as state=days pairs,
# against which the portfolio pages measure the days a case has spent there. No
# public source gives a standard per stage: SAMM C5 gives only the offer period (the
# offer expiration date, 85 days from the agency's approval, 30 for BPC) and the
# anticipated offer date of each case group, so the portfolio measures an offered
# case against its own offer period and a supply-complete one against the 12 months
# to closure (both sourced, see programs.models.cases); every other stage takes its
# days from here, the directorate's own targets. A stage left out has no standard.
SECCOOP_CASE_STAGE_STANDARD_DAYS = {}
for _pair in env_list(
    "SECCOOP_CASE_STAGE_STANDARD_DAYS",
    [
        "request-received=10",
        "request-acknowledged=20",
        "request-complete=15",
        "pa-provided=45",
        "case-development=60",
        "written=20",
        "reviewed=15",
        "proposed=45",
        "accepted=30",
    ],
):
    _stage, _, _days = _pair.partition("=")
    if not _stage or not _days.isdigit():
        raise ImproperlyConfigured(
            f"SECCOOP_CASE_STAGE_STANDARD_DAYS takes state=DAYS pairs, not {_pair!r}"
        )
    SECCOOP_CASE_STAGE_STANDARD_DAYS[_stage] = int(_days)
# Anticipated offer date (AOD) groups of case documents (SAMM C5.4.2.1): the days
# from the request complete date to the anticipated offer date, as GROUP=DAYS pairs.
# SAMM names the groups but the sources read for this work did not give the table of
# days, so these defaults are the directorate's to set, not a published rule.
SECCOOP_AOD_GROUP_DAYS = {}
for _pair in env_list("SECCOOP_AOD_GROUP_DAYS", ["A=120", "B=150", "C=240"]):
    _group, _, _days = _pair.partition("=")
    if _group not in ("A", "B", "C") or not _days.isdigit() or int(_days) < 1:
        raise ImproperlyConfigured(f"SECCOOP_AOD_GROUP_DAYS takes GROUP=DAYS pairs, not {_pair!r}")
    SECCOOP_AOD_GROUP_DAYS[_group] = int(_days)
# The share of offers to be made by their anticipated offer date, in percent. The
# issue that asked for it gives DSCA's goal as 85%; no DSCA text read for this work
# stated it (DSCA Policy 01-06 of 2001 set 80% within 120 days of the request), so it
# is a setting.
SECCOOP_AOD_ON_TIME_GOAL = env_int("SECCOOP_AOD_ON_TIME_GOAL", 85)

# Certification (development app). No official figure was found for continuous
# learning (DSCU asks for it to stay in "good standing" but publishes no hours)
# nor for how early to warn of a deadline: both are the directorate's to set.
SECCOOP_CONTINUOUS_LEARNING_HOURS = env_int("SECCOOP_CONTINUOUS_LEARNING_HOURS", 40)
SECCOOP_CONTINUOUS_LEARNING_MONTHS = env_int("SECCOOP_CONTINUOUS_LEARNING_MONTHS", 24)
SECCOOP_CERTIFICATION_AT_RISK_DAYS = env_int("SECCOOP_CERTIFICATION_AT_RISK_DAYS", 90)

# Multinational logistics (logistics app): the days within which an ACSA order is
# to be reconciled, counted from its delivery (or its order day), by payment method
# (10 U.S.C. 2344(a)). An implementing arrangement that sets its own period wins.
# No public text read for this work gave the period, so it is the directorate's to
# set: by default 90 days for a reimbursement and a year for a replacement in kind
# or an exchange of equal value.
SECCOOP_ACSA_RECONCILIATION_DAYS = {
    "reimbursement": env_int("SECCOOP_ACSA_REIMBURSEMENT_DAYS", 90),
    "replacement-in-kind": env_int("SECCOOP_ACSA_REPLACEMENT_DAYS", 365),
    "equal-value-exchange": env_int("SECCOOP_ACSA_EXCHANGE_DAYS", 365),
}
for _method, _days in SECCOOP_ACSA_RECONCILIATION_DAYS.items():
    if _days < 1:
        raise ImproperlyConfigured(f"The ACSA reconciliation days for {_method} must be 1 or more")

# End-use and foreign visits (controls app). SAMM chapter 8 asks that end-use incidents
# be reported but no public source gives a number of days for it, and no source gives
# how early to warn that a liaison or exchange officer's certification or tour ends:
# both are the directorate's to set.
SECCOOP_EUM_INCIDENT_REPORT_DAYS = env_int("SECCOOP_EUM_INCIDENT_REPORT_DAYS", 30)
SECCOOP_EXCHANGE_WARNING_DAYS = env_int("SECCOOP_EXCHANGE_WARNING_DAYS", 90)
# How far ahead the country page lists upcoming foreign visits.
SECCOOP_UPCOMING_VISIT_DAYS = env_int("SECCOOP_UPCOMING_VISIT_DAYS", 90)
# Separation of duties (NIST SP 800-53 AC-5): whoever submits a disclosure request does
# not also record its reviews and decide it. A small office with a single disclosure
# specialist may allow it; no public source sets a threshold, so it is the office's choice.
SECCOOP_DISCLOSURE_SUBMITTER_MAY_DECIDE = env_bool("SECCOOP_DISCLOSURE_SUBMITTER_MAY_DECIDE", False)

# Load the suggestion model as an app server starts (seccoop.wsgi) rather than on first use.
SECCOOP_MAPPING_WARM_UP = env_bool("SECCOOP_MAPPING_WARM_UP", True)
SECCOOP_DEFAULT_FRAMEWORK = env_str("SECCOOP_DEFAULT_FRAMEWORK", "dod-security-cooperation")

# Shown on every page: the highest marking the deployment may hold.
SECCOOP_SYSTEM_MARKING = env_str("SECCOOP_SYSTEM_MARKING", "CUI")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SECCOOP_LOG_LEVEL", "WARNING")},
}

# International agreements (programs app). The offices whose concurrence every
# agreement's draft needs before signature. Legal counsel and the comptroller answer
# for the legal and fiscal review DoDI 5530.03 asks of a proposed agreement; the
# State Department's Circular 175 consultation is 22 CFR 181.6; policy review is the
# directorate's own practice, so the list is a setting. The authority adds its own.
SECCOOP_AGREEMENT_CONCURRENCES = env_list(
    "SECCOOP_AGREEMENT_CONCURRENCES", ["legal", "comptroller", "policy", "state-c175"]
)
# Days between a congressional notice an authority requires and the step it must
# precede, where the period is not part of the authority's own record: the period of
# the AECA section 27 certification was not confirmed in a public source searched.
SECCOOP_AGREEMENT_NOTICE_DAYS = env_int("SECCOOP_AGREEMENT_NOTICE_DAYS", 30)

# Coalition Warfare Program selection: the criteria a nomination is scored on and the
# weight of each, as criterion=weight pairs, and the highest score one criterion may
# take. The directorate's CWP pages (https://www.acq.osd.mil/ic/cwp.html) say what a
# project should do (meet a combatant command's coalition need, improve
# interoperability, leverage partner resources, transition) but publish no scoring
# scheme, so criteria, weights and scale are the selection panel's to set.
SECCOOP_CWP_SELECTION_CRITERIA = {}
for _pair in env_list(
    "SECCOOP_CWP_SELECTION_CRITERIA",
    [
        "coalition-need=3",
        "interoperability=2",
        "partner-leverage=2",
        "transition=2",
        "technical-merit=1",
    ],
):
    _criterion, _, _weight = _pair.partition("=")
    if not _criterion or not _weight.isdigit():
        raise ImproperlyConfigured(
            f"SECCOOP_CWP_SELECTION_CRITERIA takes criterion=WEIGHT pairs, not {_pair!r}"
        )
    SECCOOP_CWP_SELECTION_CRITERIA[_criterion] = int(_weight)
SECCOOP_CWP_SCORE_MAX = env_int("SECCOOP_CWP_SCORE_MAX", 5)

# E-mail (the digest of "My work", core/digest.py). Development prints mail on the
# console; a deployment names its relay. Django's own settings, read from SECCOOP_EMAIL_*.
EMAIL_BACKEND = env_str(
    "SECCOOP_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("SECCOOP_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SECCOOP_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SECCOOP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SECCOOP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SECCOOP_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("SECCOOP_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("SECCOOP_EMAIL_FROM", "seccoop <seccoop@localhost>")
# The site's address as mail readers reach it, for the links in a digest.
SECCOOP_SITE_URL = env_str("SECCOOP_SITE_URL", "http://127.0.0.1:8000")
