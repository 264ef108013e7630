"""Settings, read from the environment only. See .env.example for every variable."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Where the embedded database, uploads and the generated secret key live. From a source
# checkout (src layout) this is <checkout>/var.
DATA_DIR = Path(env_str("SEMANGGI_DATA_DIR", str(PACKAGE_DIR.parent.parent / "var")))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR.

    Production sets SECRET_KEY; the local demo still gets a key that is random and stable
    across restarts instead of a well-known constant.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The address the public reaches this server at: links inside published files (IATI
# document links, the data catalogue, feeds) are built from it, never from a request's Host.
SEMANGGI_PUBLIC_URL = env_str("SEMANGGI_PUBLIC_URL", "http://127.0.0.1:8000")
# Organisation identifiers of IATI Registry publishers, for the rulesets' idCondition (offline,
# the check cannot ask the Registry; empty means every identifier is checked in full).
SEMANGGI_IATI_PUBLISHER_IDS = env_list("SEMANGGI_IATI_PUBLISHER_IDS", "")
# The region a deployment serves (a Kemendagri code such as 33.72): the public home's map
# shows it; empty, the whole country.
SEMANGGI_HOME_REGION = env_str("SEMANGGI_HOME_REGION", "")
# Demo mode: the founding case's demo users exist and their passwords are shown.
DEMO = env_bool("SEMANGGI_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "ninja",
    "axes",
    "semanggi.regions",
    "semanggi.organisations",
    "semanggi.partnerships",
    "semanggi.poac",
    "semanggi.needs",
    "semanggi.access",
    "semanggi.notifications",
    "semanggi.evidence",
    "semanggi.assessment",
    "semanggi.demo",
    "semanggi.reports",
    "semanggi.opendata",
    "semanggi.web",
    "semanggi.api",
    "semanggi.jobs",
    "semanggi.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "semanggi.ops.csp.content_security_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "semanggi.web.middleware.language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a lockout into the page that says so (semanggi/templates/registration).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "semanggi.urls"
WSGI_APPLICATION = "semanggi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "semanggi.web.context.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'semanggi.sqlite3'}"),
        # Persistent connections: opening one per request costs more than most pages.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the pages read while a loader writes; a busy timeout instead of "locked".
    # IMMEDIATE: a transaction takes the write lock when it begins, so two writers queue
    # (within the busy timeout) instead of one failing when its read turns into a write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses every login of a locked-out account before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling and lockout (django-axes), for the site's and the admin's login alike, and
# for API tokens (semanggi.api.auth): after SEMANGGI_LOGIN_FAILURE_LIMIT wrong passwords in
# a row an account is locked, whatever the password of the next attempt, until an
# administrator unlocks it (`semanggi axes_reset_username NAME`, or the admin's "access
# attempts") or SEMANGGI_LOCKOUT_MINUTES pass. Counted per user name, not per address: an
# attacker changing addresses still meets the lock. Failures are kept in the database, so
# every worker process sees the same count.
AXES_FAILURE_LIMIT = env_int("SEMANGGI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SEMANGGI_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns when addresses are not part of the lock; counting by address would let an office
# behind one NAT address lock everyone out, and the user-name lock needs no address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "semanggi.access.lockout.lockout_response"
AXES_VERBOSE = False
# A locked account's further failures do not push the unlock time further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Reverse proxies in front of Semanggi that add X-Forwarded-For: the caller's address for
# the API token lock is the one the outermost proxy saw (0: the connection's address).
SEMANGGI_PROXY_COUNT = env_int("SEMANGGI_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "semanggi.access.lockout.client_address"

# Mail (password reset): the console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Semanggi <noreply@localhost>")
# The address people reach Semanggi at, for links in mails sent outside a request.
SEMANGGI_SITE_URL = env_str("SEMANGGI_SITE_URL", "http://127.0.0.1:8000")
# Whether people may create their own account (and then register their organisation, which
# a coordinator or an administrator verifies). Sign-ups are throttled per address like logins.
SEMANGGI_SIGNUP = env_bool("SEMANGGI_SIGNUP", True)
# A password reset link is valid for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 60 * 60)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-home"
LOGOUT_REDIRECT_URL = "home"

# Bahasa Indonesia first, English beside it. The language is the visitor's explicit choice
# (a cookie), never guessed from the browser: see semanggi.web.middleware.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the apps' static folders as well, so a checkout never lacks its CSS.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files are never served directly: views check access, then stream them.
MEDIA_ROOT = DATA_DIR / "media"
MAX_UPLOAD_BYTES = env_int("SEMANGGI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Several source files in one upload: at most this many files (Django refuses a request with
# more before any view sees it) and this many bytes in all (docs/evidence.md).
DATA_UPLOAD_MAX_NUMBER_FILES = 100
MAX_BATCH_FILES = DATA_UPLOAD_MAX_NUMBER_FILES
MAX_BATCH_BYTES = env_int("SEMANGGI_MAX_BATCH_BYTES", 3 * MAX_UPLOAD_BYTES)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# What Semanggi writes holds personal data (real names, documents): readable by its own
# account only. The umask covers the SQLite database and its journal files as well.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
os.umask(0o077)
if DATA_DIR.is_dir() and DATA_DIR.stat().st_uid == os.getuid():
    DATA_DIR.chmod(0o700)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "semanggi.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
# Production: one JSON object per line (LOG_FORMAT=json), for the log collector.
if env_str("LOG_FORMAT", "text") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # type: ignore[index]

# --- Production: queue, cache, storage, security, e-mail (docs/deployment.md) ---------------
# Redis, when configured, is the task broker and the shared cache; without it tasks run in the
# process that asks for them and the cache is per process (the Quick start).
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
# Exports of more rows than this run as background jobs.
SEMANGGI_EXPORT_INLINE_ROWS = env_int("SEMANGGI_EXPORT_INLINE_ROWS", 2000)
# A job still "running" after this long was abandoned by a worker that died: run it again.
SEMANGGI_JOB_STALE_SECONDS = env_int("SEMANGGI_JOB_STALE_SECONDS", 3600)
CELERY_TASK_DEFAULT_QUEUE = env_str("SEMANGGI_QUEUE", "semanggi")
CELERY_TASK_IGNORE_RESULT = True  # outcomes are kept in the Job rows
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The daily refresh of flags, at FLAGS_REFRESH_AT (HH:MM, Asia/Jakarta), run by the scheduler.
_REFRESH_HOUR, _REFRESH_MINUTE = env_str("FLAGS_REFRESH_AT", "01:30").split(":")
CELERY_BEAT_SCHEDULE = {
    "refresh-flags-daily": {
        "task": "semanggi.jobs.scheduled",
        "schedule": crontab(hour=_REFRESH_HOUR, minute=_REFRESH_MINUTE),
        "args": ("flags_refresh",),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("CACHE_URL", REDIS_URL),
        }
    }
# Sessions stay in the database (Django's default): any app server can answer any request.

# Uploaded files: a local folder (a volume) by default; S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set (django-storages).
if env_str("AWS_STORAGE_BUCKET_NAME", ""):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    AWS_LOCATION = env_str("AWS_LOCATION", "media")

# Behind HTTPS (set in production; see `semanggi check --deploy`).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reads go to a PostgreSQL replica when one is configured (semanggi.ops.routers).
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["semanggi.ops.routers.PrimaryReplicaRouter"]
