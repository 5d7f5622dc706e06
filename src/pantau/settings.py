"""Django settings, read from environment variables.

The embedded default needs nothing: SQLite under ./var, Celery eager, files on local disk.
Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis) and PANTAU_SECRET_KEY.
See docs/configuration.md for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (env(name, default) or "").split(",") if part.strip()]


DATA_DIR = Path(env("PANTAU_DATA_DIR", str(Path.cwd() / "var")))
SHARED_DIR = Path(env("PANTAU_SHARED_DIR", str(REPO_DIR.parent / "shared")))

DEBUG = env_bool("PANTAU_DEBUG", False)
DEMO_MODE = env_bool("PANTAU_DEMO", False)

_secret = env("PANTAU_SECRET_KEY")
if not _secret:
    if not (DEBUG or DEMO_MODE or env_bool("PANTAU_TESTING")):
        # Refuse to run production without a key rather than invent a shared one.
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("PANTAU_SECRET_KEY belum diatur (wajib di produksi).")
    _secret = "insecure-local-only-key-" + str(DATA_DIR)
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("PANTAU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("PANTAU_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    # Foundation
    "pantau.core",
    "pantau.regions",
    "pantau.accounts",
    "pantau.audit",
    "pantau.elections",
    "pantau.partners",
    "pantau.evidence",
    # Features
    "pantau.reports",
    "pantau.monitoring",
    "pantau.cases",
    "pantau.dashboard",
    "pantau.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pantau.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pantau.urls"
WSGI_APPLICATION = "pantau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pantau.core.context.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'pantau.sqlite3'}",
        conn_max_age=int(env("PANTAU_DB_CONN_MAX_AGE", "60") or 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while a worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Throttle repeated failed logins per username + address (django-axes).
AXES_FAILURE_LIMIT = int(env("PANTAU_LOGIN_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = float(env("PANTAU_LOGIN_COOLOFF_HOURS", "0.25") or 0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("PANTAU_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
# Evidence lives outside MEDIA_ROOT and is never served by path: only through views that check permission.
EVIDENCE_ROOT = Path(env("PANTAU_EVIDENCE_DIR", str(DATA_DIR / "evidence")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
PANTAU_MAX_UPLOAD_BYTES = int(env("PANTAU_MAX_UPLOAD_MB", "25") or 25) * 1024 * 1024

def env_json(name: str, default):
    import json

    raw = env(name)
    return json.loads(raw) if raw else default


# Feature settings an operator may set from the environment (README: configuration reference).
PANTAU_SITE_URL = env("PANTAU_SITE_URL", "http://127.0.0.1:8000")
PANTAU_PROVINCE = env("PANTAU_PROVINCE", "15")
PANTAU_OFFICE_EMAILS = env_json("PANTAU_OFFICE_EMAILS", {})  # {"15.71": "penanganan@kota.example"}
PANTAU_MAX_UPLOAD_FILES = int(env("PANTAU_MAX_UPLOAD_FILES", "10") or 10)
PANTAU_REPORT_MIN_FILL_SECONDS = float(env("PANTAU_REPORT_MIN_FILL_SECONDS", "3") or 3)
PANTAU_REPORT_DEDUP_MINUTES = int(env("PANTAU_REPORT_DEDUP_MINUTES", "30") or 30)
PANTAU_REPORT_FILING_DAYS = int(env("PANTAU_REPORT_FILING_DAYS", "7") or 7)
PANTAU_DUPLICATE_THRESHOLDS = env_json("PANTAU_DUPLICATE_THRESHOLDS", {})  # {"suggest": 0.55, "link": 0.9}
PANTAU_CASE_RULES = env("PANTAU_CASE_RULES", "")  # JSON rule-set file extending a shipped one
PANTAU_CASE_OFFICE_CODES = env_json("PANTAU_CASE_OFFICE_CODES", {})
PANTAU_CASE_PROVINCE_NUMBER = env("PANTAU_CASE_PROVINCE_NUMBER", "05")
PANTAU_CASE_REGISTER_FORMAT = env("PANTAU_CASE_REGISTER_FORMAT", "")
PANTAU_CASE_LOCK_HOURS = float(env("PANTAU_CASE_LOCK_HOURS", "8") or 8)

# Encrypts reporter NIK and phone at rest. Comma-separated Fernet keys: first encrypts, all decrypt (rotation).
PANTAU_FIELD_KEYS = env_list("PANTAU_FIELD_KEYS")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(env("PANTAU_SESSION_SECONDS", str(8 * 3600)) or 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("PANTAU_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
REFERRER_POLICY = "same-origin"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("PANTAU_CACHE_URL")}
        if env("PANTAU_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pantau"}
    )
}

EMAIL_BACKEND = env("PANTAU_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("PANTAU_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(env("PANTAU_EMAIL_PORT", "25") or 25)
DEFAULT_FROM_EMAIL = env("PANTAU_EMAIL_FROM", "Pantau Bawaslu <pantau@localhost>")
if DEMO_MODE and not env("PANTAU_EMAIL_BACKEND"):
    # The demo sends no real mail: each message is written to a file under var/mail to look at.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "pantau.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"public_report": env("PANTAU_PUBLIC_REPORT_RATE", "20/hour"), "anon": "600/hour"},
    "EXCEPTION_HANDLER": "pantau.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pantau API",
    "DESCRIPTION": "Pengawasan pemilihan: wilayah, mitra, laporan, temuan, kasus.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Celery: eager when no broker is configured, so the embedded default needs no services.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or env("PANTAU_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# With Redis, a task whose worker died is redelivered after this many seconds (acks_late keeps it queued).
_VISIBILITY_TIMEOUT = int(env("PANTAU_BROKER_VISIBILITY_TIMEOUT", "3600") or 3600)
# kombu's restore sweep takes a lock that lives 300 s by default: a worker killed while holding it would hold up
# every redelivery that long (a CI run waited 240 s in vain), so it never outlives the visibility timeout
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT,
                                   "unacked_mutex_expire": min(300, _VISIBILITY_TIMEOUT)}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("PANTAU_LOG_LEVEL", "WARNING")},
}
