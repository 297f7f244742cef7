"""One settings file, driven by the environment.

Defaults give a single-machine install on SQLite with an SQLite-backed Celery broker (`make run`).
Scale mode is configuration only: DATABASE_URL=postgres://…, CELERY_BROKER_URL=redis://… or amqp://….
Production mode (PORTEVOIX_ENV=production) turns on every secure cookie and header setting and
refuses to start without a secret key from the environment.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PORTEVOIX_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("PORTEVOIX_ENV", "development") == "production"
DEBUG = env_bool("PORTEVOIX_DEBUG", default=False) and not PRODUCTION


def _secret_key() -> str:
    key = os.environ.get("PORTEVOIX_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("PORTEVOIX_SECRET_KEY must be set in production.")
    # A development install keeps a random key beside its database, never in the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _token_keys() -> list[str]:
    """Fernet keys for secrets at rest (lib/crypto.py), newest first."""
    keys = env_list("PORTEVOIX_TOKEN_KEYS")
    if keys:
        return keys
    if PRODUCTION:
        raise ImproperlyConfigured("PORTEVOIX_TOKEN_KEYS must be set in production.")
    path = VAR_DIR / "token_keys"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [k.strip() for k in path.read_text().split(",") if k.strip()]


PORTEVOIX_TOKEN_KEYS = _token_keys()
ALLOWED_HOSTS = env_list("PORTEVOIX_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PORTEVOIX_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs page's own assets: no CDN
    "django_htmx",
    "template_partials",
    "axes",
    "portevoix.accounts",
    "portevoix.system",
    "portevoix.strategy",
    "portevoix.connectors",
    "portevoix.quality",
    "portevoix.editorial",
    "portevoix.publishing",
    "portevoix.listening",
    "portevoix.alerts",
    "portevoix.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portevoix.accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last: it must see the outcome of authentication to count failures.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portevoix.urls"
WSGI_APPLICATION = "portevoix.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portevoix.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portevoix.sqlite3'}"),
        conn_max_age=int(os.environ.get("PORTEVOIX_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # No server holds an SQLite connection, and opening one (with the pragmas below) cost 2 ms
    # of CPU, more than a publish's queries: keep them unless told otherwise.
    if "PORTEVOIX_DB_CONN_MAX_AGE" not in os.environ:
        DATABASES["default"]["CONN_MAX_AGE"] = None
    # WAL lets readers run beside the worker's writes; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue on busy_timeout instead of failing with "database is locked".
    # A 64 MB page cache per connection (SQLite's default is 2 MB) holds the mention archive's
    # indexes: at 200k mentions an insert cost 33 µs with the default, 16 µs with this.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-64000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# French first: a visitor whose browser asks for neither language gets French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Uploaded media (post images). Platforms that fetch media themselves (Instagram, Threads) are
# given PORTEVOIX_BASE_URL + MEDIA_URL + the file's name, so that URL must be public there.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("PORTEVOIX_MEDIA_ROOT", VAR_DIR / "media"))
# Images and short videos; larger uploads are refused before they reach a platform.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = os.environ.get(
    "PORTEVOIX_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("PORTEVOIX_FROM_EMAIL", "porte-voix@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("PORTEVOIX_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PORTEVOIX_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PORTEVOIX_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PORTEVOIX_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PORTEVOIX_EMAIL_STARTTLS", default=False)
EMAIL_USE_SSL = env_bool("PORTEVOIX_EMAIL_SSL", default=False)
EMAIL_TIMEOUT = 20

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("PORTEVOIX_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
if env_bool("PORTEVOIX_BEHIND_PROXY", default=False):
    # Behind a proxy every request comes from the proxy's address: count failures per client
    # address from X-Forwarded-For, trusting only the proxies in front (by count).
    AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PORTEVOIX_PROXY_COUNT", "1"))
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Celery: one code path for both modes. The database holds schedules; the queue carries only
# work that is due now, so nothing is lost when the broker is restarted.
CELERY_BROKER_URL = os.environ.get(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite'}"
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The single-machine broker opens its file in WAL itself (lib/broker.py).
# Celery would close the database connection around every task; celery.py applies
# CONN_MAX_AGE instead (PORTEVOIX_DB_CONN_MAX_AGE, e.g. 60 on PostgreSQL).
CELERY_DB_REUSE_MAX = 2**62
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portevoix.system.tasks.heartbeat_task", "schedule": 30.0},
    "connections-sweep": {
        "task": "portevoix.connectors.tasks.sweep_connections_task",
        "schedule": 300.0,
    },
    "listening-sweep-sources": {
        "task": "portevoix.listening.tasks.sweep_sources_task",
        "schedule": 10.0,
    },
    "alerts-detect-spikes": {"task": "portevoix.alerts.tasks.detect_spikes_task", "schedule": 30.0},
    "alerts-send-digests": {"task": "portevoix.alerts.tasks.send_digests_task", "schedule": 900.0},
    # Catches what a lost task left unclassified; new mentions are classified at once.
    "listening-enrich-mentions": {
        "task": "portevoix.listening.tasks.enrich_mentions_task",
        "schedule": 60.0,
    },
    # Claims due targets and fans out one task each. A sweep not started within its period is
    # dropped: the next one does the same work.
    "publishing-sweep": {
        "task": "portevoix.publishing.tasks.sweep_task",
        "schedule": 5.0,
        "options": {"expires": 5.0},
    },
}
# Queues by kind, so a flood of mentions (ingest) never delays a scheduled post (publish).
CELERY_TASK_ROUTES = {
    "portevoix.publishing.tasks.*": {"queue": "publish"},
    "portevoix.listening.tasks.*": {"queue": "ingest"},
}
# Publishing (publishing/actions.py): a worker may hold a target in "publishing" this long (more
# than any platform request takes) before the sweep looks it up; a "queued" target whose task
# was lost is sent again after PORTEVOIX_PUBLISH_REQUEUE_SECONDS.
PORTEVOIX_PUBLISH_LEASE_SECONDS = float(os.environ.get("PORTEVOIX_PUBLISH_LEASE_SECONDS", "120"))
PORTEVOIX_PUBLISH_REQUEUE_SECONDS = float(
    os.environ.get("PORTEVOIX_PUBLISH_REQUEUE_SECONDS", "120")
)
PORTEVOIX_PUBLISH_MAX_ATTEMPTS = int(os.environ.get("PORTEVOIX_PUBLISH_MAX_ATTEMPTS", "6"))

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PORTEVOIX_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("PORTEVOIX_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("PORTEVOIX_HSTS_PRELOAD", default=True)
    if env_bool("PORTEVOIX_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Outgoing HTTP (lib/http.py) refuses private and reserved addresses. Loopback is let through
# only where the servers are our own: a development install (its demo feed) and the tests.
PORTEVOIX_HTTP_ALLOW_LOOPBACK = env_bool("PORTEVOIX_HTTP_ALLOW_LOOPBACK", default=DEBUG)
# The public base URL of this deployment: links in e-mails, signed approval links, iCalendar
# feeds, and the media URLs that Instagram and Threads fetch.
PORTEVOIX_BASE_URL = os.environ.get("PORTEVOIX_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def _connector_settings() -> dict[str, dict[str, str]]:
    """Deployment-wide connector settings (OAuth client ids and secrets, API base URLs) from
    `PORTEVOIX_CONNECTOR_<KIND>__<KEY>`, e.g. `PORTEVOIX_CONNECTOR_X__CLIENT_ID=…` or
    `PORTEVOIX_CONNECTOR_LINKEDIN__API_BASE=…` (keys lower-cased)."""
    found: dict[str, dict[str, str]] = {"fake": {"store": str(VAR_DIR / "fake-platform.sqlite3")}}
    for name, value in os.environ.items():
        if name.startswith("PORTEVOIX_CONNECTOR_") and "__" in name:
            kind, _sep, key = name.removeprefix("PORTEVOIX_CONNECTOR_").partition("__")
            found.setdefault(kind.lower(), {})[key.lower()] = value
    return found


PORTEVOIX_CONNECTORS = _connector_settings()
# The demo's local Bluesky network (seed-demo, demo-bluesky; portevoix/demo/bluesky.py): the PDS
# of ../shared/tools/local-servers/atproto-local.sh, looked for on its default port when "auto",
# never looked for when "off". Loopback addresses only: the demo never reaches the internet.
PORTEVOIX_DEMO_BLUESKY_URL = os.environ.get("PORTEVOIX_DEMO_BLUESKY_URL", "auto")
PORTEVOIX_DEMO_BLUESKY_APP_URL = os.environ.get(
    "PORTEVOIX_DEMO_BLUESKY_APP_URL", "http://localhost:2584"
)

# Brand timezones shown in forms; stored times are UTC.
PORTEVOIX_DEFAULT_TIMEZONE = "America/Montreal"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PORTEVOIX_LOG_LEVEL", "INFO")},
    # httpx logs every request URL at INFO, and some platforms put secrets in the URL
    # (Telegram's bot token, Discord's webhook token): keep those out of the logs.
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}
