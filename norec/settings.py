"""Settings for Norec Exchange, read once from the environment.

With nothing set, the app runs as a self-contained demo: SQLite, Celery tasks run in-process,
email printed to the console. `NOREC_ENV=production` switches on production behaviour and refuses
to start with an unsafe configuration (see norec.env.production_problems).
"""

from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from norec.core.logging import logging_config
from norec.env import env_bool, env_float, env_int, env_list, env_str, production_problems

BASE_DIR = Path(__file__).resolve().parent.parent

NOREC_ENV = env_str("NOREC_ENV", "development")
if NOREC_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("NOREC_ENV must be 'development' or 'production'")
PRODUCTION = NOREC_ENV == "production"

DEMO_SECRET_KEY = "django-insecure-norec-demo-only-never-use-this-key-in-production-0000"
SECRET_KEY = env_str("SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "norec.core",
    "partnerships",
    "exchanges",
    "training",
    "amendments",
    "workspace",
    "norec.core.apps.NorecAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_countries",
    "django_htmx",
    "django_fsm",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may read the database (sessions, users, the private-cache check),
    # inside the security headers.
    "norec.core.middleware.DatabaseUnavailableMiddleware",
    # Outside the session middleware, so it sees the session cookie that middleware sets.
    "norec.core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "norec.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "norec.core.middleware.AdviserMFAMiddleware",
]

ROOT_URLCONF = "norec.urls"
WSGI_APPLICATION = "norec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "norec.core.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]
if not DEBUG:
    # Parse each template once per process (Django's default without DEBUG, stated so it stays so):
    # a page renders some 20 templates, and reading and parsing them was a large part of each request.
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
        )
    ]
# Project templates may override Django's widget templates (Designsystemet classes).
FORM_RENDERER = "norec.core.forms.DesignsystemetFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, so psycopg prepares a statement that a connection runs
    # again and again (every page's queries, after five uses): PostgreSQL then skips planning it,
    # which for the pages' joins took longer than running them. Incompatible with a pooler in
    # transaction mode (PgBouncer): set DATABASE_SERVER_SIDE_BINDING=false behind one.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
        "DATABASE_SERVER_SIDE_BINDING", True
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "norec.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- django-allauth: email login, no open sign-up, mandatory verification ---
ACCOUNT_ADAPTER = "norec.core.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "norec.core.sign_in.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Norec Exchange] "
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible and reviewable here.
    "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "norec.core.adapters.MFAAdapter"
# Encrypts TOTP secrets at rest; derived from SECRET_KEY unless set (set it to rotate SECRET_KEY freely).
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY")
MFA_TOTP_ISSUER = "Norec Exchange"
# Advisers decide on public money: in production they must use a second factor.
NOREC_REQUIRE_ADVISER_MFA = env_bool("NOREC_REQUIRE_ADVISER_MFA", PRODUCTION)
NOREC_INVITATION_VALID_DAYS = env_int("NOREC_INVITATION_VALID_DAYS", 14)

# --- Internationalisation ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [BASE_DIR / "norec" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
# Country names as people know them: the ISO list that django-countries follows now says "Naoero" and
# "Bahamas (The)", which its bokmål catalogue does not translate.
COUNTRIES_OVERRIDE = {"NR": _("Nauru"), "BS": _("Bahamas"), "SB": _("Solomon Islands")}
# English dates day-first, as in Norwegian (norec/formats/en); bokmål keeps Django's own formats.
FORMAT_MODULE_PATH = ["norec.formats"]
USE_TZ = True

# --- Static files: our own plus Designsystemet and htmx from npm (package.json) ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet-css", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("vendor/designsystemet-theme", NODE_MODULES / "@digdir" / "designsystemet-theme" / "brand"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/inter", NODE_MODULES / "@fontsource-variable" / "inter"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: uploads go through permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
NOREC_UPLOAD_MAX_BYTES = env_int("NOREC_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Programme rules that Norec may change: participants' age at departure "as a main rule" (an
# adviser may accept an exception), and the cap on participant activities in a round's budget.
NOREC_PARTICIPANT_AGE_RANGE = (env_int("NOREC_PARTICIPANT_MIN_AGE", 18), env_int("NOREC_PARTICIPANT_MAX_AGE", 35))
NOREC_ACTIVITY_CAP_PERCENT = env_int("NOREC_ACTIVITY_CAP_PERCENT", 10)
# E-learning is completed before the participant returns home (seed 003); an older page said
# before departure. "return" or "departure": the date the e-learning's deadline follows.
NOREC_ELEARNING_DUE_BEFORE = env_str("NOREC_ELEARNING_DUE_BEFORE", "return")
if NOREC_ELEARNING_DUE_BEFORE not in ("return", "departure"):
    raise ImproperlyConfigured("NOREC_ELEARNING_DUE_BEFORE must be 'return' or 'departure'.")
# A calendar feed holds at most this many checklist deadlines (the nearest first).
NOREC_CALENDAR_MAX_ITEMS = env_int("NOREC_CALENDAR_MAX_ITEMS", 300)

# --- Redis, cache and Celery ---
REDIS_URL = env_str("REDIS_URL")
# Every call to Redis (the cache, handing an email to the broker, /healthz) gives up after this long,
# and once one has failed, the process goes on without that Redis for REDIS_RETRY_SECONDS before it
# tries again (norec/core/breaker.py): a hung Redis costs milliseconds, not seconds, per request.
REDIS_TIMEOUT_SECONDS = env_float("REDIS_TIMEOUT_SECONDS", 0.25)
REDIS_RETRY_SECONDS = env_float("REDIS_RETRY_SECONDS", 5)
if REDIS_URL:
    # With Redis down, a read is a miss and a write does nothing (norec/core/cache.py): pages keep working.
    CACHES = {"default": {"BACKEND": "norec.core.cache.FailSafeRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database only (one primary-key read per request). Not in the cache: a
# sign-out during a Redis outage could not delete the cached copy, which came back with Redis and
# signed the old cookie in again; and a session saved during an outage was shadowed by its stale copy.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
# Without a broker the demo runs tasks in-process, so it needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# Reliability (README, "Reminders and Celery"): a task is acknowledged when it has finished, not when
# it starts, so a worker killed mid-task leaves it to be delivered again (every task is idempotent);
# a worker process lost mid-task rejects its task back to the queue; a worker takes one task at a
# time, so a long sweep holds no others hostage; Redis hands an unacknowledged task to another
# worker after the visibility timeout, which must outlast the longest task and any countdown.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Outbox retries (norec/core/outbox.py): the first after this many seconds, then doubling.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_FIRST_RETRY_SECONDS = env_int("OUTBOX_FIRST_RETRY_SECONDS", 60)

# --- Reminders (norec/core/reminders, README "Reminders") ---
# The daily sweep's hour in TIME_ZONE. Celery beat (norec/celery.py) reads the same variable itself,
# since that module loads before the settings do; the pages read it here.
REMINDER_HOUR = env_int("REMINDER_HOUR", 7)
# After the beat was down, a sweep answers for at most this many missed days (one digest, not one per day).
REMINDER_CATCH_UP_DAYS = env_int("REMINDER_CATCH_UP_DAYS", 7)
# When each kind fires: "days_before" a date (a deadline, a departure, a course), or "first" days
# after a date and then "every" so many days, "until" that many days have passed.
REMINDER_TIMING = {
    "checklist_due_soon": {"days_before": [14, 3]},
    "checklist_overdue": {"first": 1, "every": 7, "until": 365},
    "course_1_missing": {"days_before": [56, 28]},  # weeks 8 and 4 before the departure
    "course_2_missing": {"days_before": [90, 45]},  # before the return
    "session_upcoming": {"days_before": [14, 3]},
    "partner_training_missing": {"first": 30, "every": 30, "until": 730},  # after the agreement
    "application_returned": {"first": 7, "every": 7, "until": 180},
    "application_waiting": {"first": 14, "every": 7, "until": 365},
    "round_report_due": {"days_before": [14]},
    "round_report_overdue": {"first": 1, "every": 7, "until": 365},
    "round_report_returned": {"first": 7, "every": 7, "until": 180},
    "final_report_due": {"days_before": [30, 7]},
    "final_report_overdue": {"first": 1, "every": 7, "until": 365},
    "final_report_returned": {"first": 7, "every": 7, "until": 180},
    "amendment_returned": {"first": 7, "every": 7, "until": 180},
    "amendment_waiting": {"first": 14, "every": 7, "until": 365},
}
# The final follow-up report is due this many months after the collaboration agreement ends.
FINAL_REPORT_MONTHS_AFTER_AGREEMENT = env_int("FINAL_REPORT_MONTHS_AFTER_AGREEMENT", 4)

# --- Email ---
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Norec Exchange <no-reply@norec.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security: strict in production, overridable for a TLS-terminating proxy setup ---
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (ours, the admin's and allauth's pages have none): scripts and
# styles come from our own static files, htmx is told not to inject styles or eval (base.html).
# Every directive is closed unless named; a page needing an inline script would use request.csp_nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.NONE],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
    }
}
# Browser features the service never uses, denied to it and to anything it might embed. Not the
# camera: participants upload photos through file inputs, which need no permission. Only features
# Chromium knows: it logs an error on every page for any other ("bluetooth" was one; the browser
# tests fail on such a message).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits count per client IP; behind a proxy that IP comes from X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)

# --- Logging on stdout: JSON lines in production (for the log collector), plain lines in development ---
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'plain'")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=LOG_LEVEL, tasks_in_process=CELERY_TASK_ALWAYS_EAGER)

# Absolute links in emails (invitations) point here.
NOREC_SITE_URL = env_str("NOREC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if PRODUCTION:
    _problems = production_problems(
        secret_key=SECRET_KEY,
        default_secret_key=DEMO_SECRET_KEY,
        debug=DEBUG,
        allowed_hosts=ALLOWED_HOSTS,
        email_backend=EMAIL_BACKEND,
        site_url=NOREC_SITE_URL,
    )
    if _problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(_problems) + ".")
