"""
Settings for kzpress, read from the environment (and, on a developer's machine, from ``.env``: see ``ENV_FILE``).

- ``DATABASE_URL``: a database URL (``postgres://user@host:5432/name``); a SQLite
  file under ``var/`` when unset.
- ``SECRET_KEY``: required when ``DEBUG`` is off (outside the test suite).
- ``DEBUG``: ``1``/``true`` to turn on debugging; off by default.
- ``ALLOWED_HOSTS``: comma-separated host names; ``localhost,127.0.0.1`` when
  ``DEBUG`` is on.
- ``DATABASE_REPLICA_URL``: a read replica; anonymous public reads go there (``kzpress.routers``).
- ``DATABASE_POOL``: ``1`` for psycopg's connection pool instead of persistent connections.
- ``REDIS_URL``: the shared cache; ``CACHE_BACKEND=dummy`` turns caching off (benchmarks).
- ``EMAIL_HOST`` (``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``) and
  ``DEFAULT_FROM_EMAIL``: the SMTP server and sender of the readers' email alerts, which are on when
  ``KZPRESS_SITE_URL`` is set (``KZPRESS_ALERTS_*``: docs/alerts.md).
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def database_from_url(url, pool=False):
    """The ``DATABASES`` entry for a database URL (SQLite file when empty).

    PostgreSQL connections persist between requests (``CONN_MAX_AGE``), or come from psycopg's pool with ``pool``;
    their statements are bound and prepared by the server unless ``DATABASE_PREPARED=0``.
    """
    if not url:
        url = "sqlite:///" + str(BASE_DIR / "var" / "kzpress.sqlite3")
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql" and pool:
        config["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        config["CONN_HEALTH_CHECKS"] = False
        size = int(os.environ.get("DATABASE_POOL_SIZE", 4))
        config.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": size}
    if config["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED", True):
        # Parameters bound by the server, and a statement run twice on a connection is prepared: PostgreSQL then
        # skips parsing and planning the pages' queries (12-17% of an uncached page). Off (DATABASE_PREPARED=0)
        # behind PgBouncer in transaction mode older than 1.21, which cannot follow prepared statements.
        config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return config


TESTING = "pytest" in sys.modules
# This machine's own settings: the first ``./scripts/serve`` writes ``.env`` (ignored by git) with a generated
# SECRET_KEY and the local server's settings, so that every ``manage.py`` command works as the README writes it.
# The environment wins over the file; the test suite reads none; production sets the environment and has no file.
ENV_FILE = Path(os.environ.get("KZPRESS_ENV_FILE") or BASE_DIR / ".env")
if not TESTING and ENV_FILE.is_file():
    load_dotenv(ENV_FILE, override=False)

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: in production set SECRET_KEY (and ALLOWED_HOSTS) in the environment; on your "
            f"own machine run ./scripts/serve once, which writes them to {ENV_FILE.name} (or set DEBUG=1)."
        )
    SECRET_KEY = "kzpress-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "import_export",
    "simple_history",
    "kzpress.apps.SignInProtectionConfig",  # axes, named in the admin's languages (kzpress/apps.py)
    "django_otp",
    "kzpress.apps.TwoFactorConfig",  # django_otp.plugins.otp_totp
    "kzpress.apps.BackgroundTasksConfig",  # django_tasks_db
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "articles.importing.uploads.RequestSizeLimitMiddleware",
    "articles.public.caching.PublicCacheMiddleware",  # anonymous public pages from the cache, before the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "articles.admin.language.StaffLanguageMiddleware",  # after authentication: the user's own admin language
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "kzpress.routers.replica_for_public_reads",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "kzpress.urls"

TEMPLATES = [
    {  # the public pages (templates/jinja2/): compiled to Python once, several times faster to render
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "kzpress.jinja2.environment",
            "context_processors": ["articles.public.context_processors.alternates"],
        },
    },
    {  # the admin, and everything else
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "articles.public.context_processors.alternates",
            ],
        },
    },
]

WSGI_APPLICATION = "kzpress.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""), pool=env_bool("DATABASE_POOL"))}
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"], pool=env_bool("DATABASE_POOL"))
    DATABASES["replica"]["TEST"] = {"NAME": os.environ.get("DATABASE_REPLICA_TEST_NAME") or None}
DATABASE_ROUTERS = ["kzpress.routers.PublicReadsToReplica"] if "replica" in DATABASES else []
# Seconds after a change during which public reads stay on the primary (the replica may lag behind it).
KZPRESS_REPLICA_LAG = float(os.environ.get("KZPRESS_REPLICA_LAG", 10))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an account/address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
if TESTING:  # hashing is not what the tests are about; production keeps Django's PBKDF2 default
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
# Dates in the reader's language with a 24-hour clock (kzpress/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["kzpress.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
# Static files are served by the web processes themselves (whitenoise): compressed, with hashed names cached
# for a year. Production runs ``collectstatic`` once per release; tests and DEBUG use the plain storage.
# Uploaded import files: the default storage, a folder (MEDIA_ROOT) on one machine; with several app servers
# point it at shared storage (an NFS mount, or an S3-compatible store through django-storages).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media"
if TESTING:  # the suite's uploads never land in the working tree
    import tempfile

    MEDIA_ROOT = tempfile.mkdtemp(prefix="kzpress-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG or TESTING
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_MAX_AGE = 3600  # files without a hash in their name; hashed ones are cached for a year

# Uploads: the admin import reads the file into memory; refuse anything larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Dumps from this size on are parsed in a second process while the first writes (articles.importing.background).
KZPRESS_IMPORT_PARALLEL_BYTES = int(os.environ.get("KZPRESS_IMPORT_PARALLEL_BYTES", 1024 * 1024))
KZPRESS_IMPORT_MAX_BYTES = int(os.environ.get("KZPRESS_IMPORT_MAX_BYTES", 50 * 1024 * 1024))

IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (Django's own): scripts only from this site or with the request's
# nonce (admin screens); public pages carry no inline script at all. Inline styles stay allowed
# (the admin's widgets set style attributes); nothing may frame the site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes): 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/429.html"  # in the reader's language (templates/jinja2/errors/); status 429
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("KZPRESS_PROXY_COUNT", 0)) or None

# Second factor (django-otp): KZPRESS_ADMIN_OTP=1 makes the admin require a TOTP code from every staff
# login; staff add their authenticator under "Authenticator apps".
KZPRESS_ADMIN_OTP = env_bool("KZPRESS_ADMIN_OTP", False)
OTP_TOTP_ISSUER = "kzpress"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Machine drafts (optional): a LibreTranslate-compatible service. Off when unset.
KZPRESS_TRANSLATION_URL = os.environ.get("KZPRESS_TRANSLATION_URL", "")
KZPRESS_TRANSLATION_API_KEY = os.environ.get("KZPRESS_TRANSLATION_API_KEY", "")
KZPRESS_TRANSLATION_TIMEOUT = float(os.environ.get("KZPRESS_TRANSLATION_TIMEOUT", "20"))

# Cache: Redis when REDIS_URL is set, the database otherwise (both shared by every process; the
# migrations create the table);
# CACHE_BACKEND=dummy turns it off (the benchmark's uncached runs).
REDIS_URL = os.environ.get("REDIS_URL", "")
if os.environ.get("CACHE_BACKEND") == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "kzpress.cache.RedisCache", "LOCATION": REDIS_URL}}  # one client per pool
elif TESTING:  # one process: local memory
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kzpress",
                          "OPTIONS": {"MAX_ENTRIES": 5000}}}
else:  # shared by every process without another service: an import or a publish reaches every web worker
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kzpress_cache",
                          "OPTIONS": {"MAX_ENTRIES": 5000}}}
# Progress of running imports, outside the database (an import's transaction is invisible until it commits):
# Redis when there is one, so every server sees it; otherwise files shared by the processes of this machine.
CACHES["imports"] = ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
                     if REDIS_URL else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                        "LOCATION": str(Path(MEDIA_ROOT) / ".import-progress" if TESTING
                                                    else Path(MEDIA_ROOT).parent / "import-progress")})
# Background work (imports) through Django's tasks framework: queued in the database (django-tasks-db) and run by
# ``manage.py db_worker`` (``scripts/serve`` starts one; README "Background imports"). The suite runs tasks at once,
# in the process that queues them; its worker tests switch to the database backend and run a real ``db_worker``.
# Two queues: "publish" for the re-render of a person's change, which a worker of its own takes (README), and
# "default" for the rest (imports, their renders, the sitemaps, alerts).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend" if TESTING
                     else "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "publish"]}}
# The public pages' main queries are compiled once per process (articles/prepared.py); 0 compiles them on every
# request, as plain Django does (the benchmark's comparison).
KZPRESS_PREPARED_QUERIES = env_bool("KZPRESS_PREPARED_QUERIES", True)
# Anonymous public pages and feeds are kept in the cache for this long (invalidated at once by any change).
KZPRESS_PUBLIC_CACHE = env_bool("KZPRESS_PUBLIC_CACHE", True)
KZPRESS_PUBLIC_CACHE_SECONDS = int(os.environ.get("KZPRESS_PUBLIC_CACHE_SECONDS", 300))
# nginx (deploy/nginx.conf) may keep an anonymous public page it asked Django for this many seconds
# (X-Accel-Expires): a spike on a search or a filtered list costs Django one request a second. 0: never.
KZPRESS_EDGE_CACHE_SECONDS = int(os.environ.get("KZPRESS_EDGE_CACHE_SECONDS", 1))

# Second pair of eyes: nobody approves or publishes a language version whose last change is their own (the
# system's scheduled publishing is exempt). On unless DEBUG; KZPRESS_FOUR_EYES=0 turns it off (a one-person desk).
KZPRESS_FOUR_EYES = env_bool("KZPRESS_FOUR_EYES", not DEBUG)
# WebSub (https://www.w3.org/TR/websub/): with a hub's URL, feeds name it (<link rel="hub">) and every publication
# pings it in the background with the changed feeds' absolute URLs, which start with KZPRESS_SITE_URL
# (https://press.example.kz); without KZPRESS_SITE_URL no ping is sent.
KZPRESS_WEBSUB_HUB = os.environ.get("KZPRESS_WEBSUB_HUB", "")
KZPRESS_SITE_URL = os.environ.get("KZPRESS_SITE_URL", "").rstrip("/")

# Mail (Django's MAILERS): the SMTP server at EMAIL_HOST:EMAIL_PORT (EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS=1), or, with DEBUG and no EMAIL_HOST, the console. DEFAULT_FROM_EMAIL signs every message.
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": os.environ.get("EMAIL_HOST", "localhost"), "port": int(os.environ.get("EMAIL_PORT", 25)),
        "username": os.environ.get("EMAIL_HOST_USER", ""), "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"), "timeout": 30}}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kzpress <no-reply@localhost>")
# Email alerts for readers (articles.public.alerts; README "Email alerts"), on when KZPRESS_SITE_URL is set: the
# daily digest goes out at this hour, Almaty time (``manage.py send_email_alerts`` from cron sends it); immediate
# alerts wait this many seconds after a publication to gather the next ones into the same message.
KZPRESS_ALERTS_DIGEST_HOUR = int(os.environ.get("KZPRESS_ALERTS_DIGEST_HOUR", 8))
KZPRESS_ALERTS_BATCH_SECONDS = int(os.environ.get("KZPRESS_ALERTS_BATCH_SECONDS", 60))
KZPRESS_ALERTS_CONFIRM_DAYS = int(os.environ.get("KZPRESS_ALERTS_CONFIRM_DAYS", 3))
KZPRESS_ALERTS_CONFIRMATIONS_PER_DAY = int(os.environ.get("KZPRESS_ALERTS_CONFIRMATIONS_PER_DAY", 3))
KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR = int(os.environ.get("KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR", 20))
KZPRESS_ALERTS_LOOKBACK_HOURS = int(os.environ.get("KZPRESS_ALERTS_LOOKBACK_HOURS", 48))
KZPRESS_ALERTS_UNSUBSCRIBE_MAILTO = os.environ.get("KZPRESS_ALERTS_UNSUBSCRIBE_MAILTO", "")
# The hosts whose addresses an import takes as a release's source (comma-separated): gov.kz's press releases always;
# any other host only when listed here.
KZPRESS_SOURCE_HOSTS = env_list("KZPRESS_SOURCE_HOSTS", ["gov.kz", "www.gov.kz"])
# The static site (articles.public.rendering): the pages and feeds that show a release, re-rendered in the background
# after every public change into KZPRESS_SITE_DIR, for nginx to serve (deploy/nginx.conf); ``manage.py render_site``
# rebuilds it. A ``STORAGES["site"]`` entry (e.g. S3 through django-storages, overwriting on save) replaces the folder
# when several web servers share one tree. Pages carry absolute links to KZPRESS_SITE_URL. Off unless
# KZPRESS_STATIC_RENDER=1 (the suite turns it on where it tests it).
KZPRESS_SITE_DIR = Path(os.environ.get("KZPRESS_SITE_DIR") or BASE_DIR / "var" / "site")
KZPRESS_STATIC_RENDER = env_bool("KZPRESS_STATIC_RENDER", False)
