"""Newsroom settings: one file, driven by environment variables.

Defaults suit a developer's machine (SQLite, local-memory cache, local media) but never
leak into production silently: with DEBUG off a missing SECRET_KEY stops the process.
"""

import datetime
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG")


def _development_secret_key() -> str:
    """A per-checkout random key so a developer's sessions survive restarts."""
    if TESTING:
        return get_random_secret_key()
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Required when DEBUG is off. Without one, SECRET_KEY stays empty and Django itself refuses
# wherever a key is used (sessions, CSRF, signing); the app servers refuse to start
# (newsroom/wsgi.py, asgi.py) and `check --deploy` reports it. Commands that sign nothing
# (makemigrations, migrate, check) still run, so a checkout can be inspected as it is.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = _development_secret_key()

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) URL, not {SITE_URL!r}.")
HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [_site.hostname]
if DEBUG or TESTING:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "template_partials",
    "reversion",
    "csp",
    "axes",
    "django_prose_editor",  # the body editor's static files (articles.richtext)
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us (no CDN): /api/docs/
    "corsheaders",
    # Before the apps that register into it (it imports none of them): docs/caching.md.
    "caching",
    "articles",
    "reprints",
    "pages",
    "api",
    "wordpress",
    "sitearchive",
]

MIDDLEWARE = [
    # First, so every log line of a request carries its id, error responses included.
    "newsroom.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so answers served from it get the CORS headers their
    # request's Origin calls for (API_CORS_ORIGINS; GETs under /api/v1/ only).
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache, so cached pages also answer 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the page cache: /?p=123 is Newest's address too (wordpress/middleware.py).
    "wordpress.middleware.ShortlinkMiddleware",
    "caching.middleware.PageCacheMiddleware",
    # Inside it: a stored page keeps its policy header. A page whose policy carries a
    # nonce is never stored (PageCacheMiddleware.storable), so no nonce is ever reused.
    # django-csp's, adding the admin's inline styles on admin pages only.
    "newsroom.content_security.AdminAwareCSPMiddleware",
    "newsroom.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware: an old address answers 301 before a slash is appended.
    "articles.redirects.OldAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.middleware.StaffSessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "pages.context_processors.site",
                "csp.context_processors.nonce",
            ],
            # Built into Django 6; a builtin here so templates need no {% load %}.
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
    # The article's story and head tags and the full-text feed item (newsroom/jinja2.py):
    # the largest templates of a cold page, compiled. Autoescaping on, as Django's.
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "newsroom.jinja2.environment", "autoescape": True},
    },
]

# --- Database -------------------------------------------------------------------------
# The embedded default is a SQLite file in the project; production sets DATABASE_URL to
# PostgreSQL (postgres://user:password@host:5432/name).

# Reader pages' hand-written queries prepared once per PostgreSQL session (articles.prepared);
# off behind a pooler that shares sessions between clients (PgBouncer in transaction mode).
NEWSROOM_PREPARED_STATEMENTS = env_bool("PREPARED_STATEMENTS", True)


def _database(url: str) -> dict:
    """The settings of one database, the same for the primary and every replica."""
    config = dj_database_url.parse(
        url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        # An outage answers 503 (newsroom/views.py) after this many seconds, not minutes.
        options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
        if NEWSROOM_PREPARED_STATEMENTS:
            # Only articles.prepared's statements are prepared on the server, each chosen
            # because its plan does not depend on the values: plan them once, never again.
            options["options"] = "-c plan_cache_mode=force_generic_plan"
    return config


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Read replicas (comma-separated URLs): anonymous readers' queries go there, everything
# else to the primary (newsroom/db_router.py).
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{_index}"] = _database(_url)
NEWSROOM_DATABASE_REPLICAS = [alias for alias in DATABASES if alias.startswith("replica_")]
if TESTING:
    # A replica alias that mirrors the test database, for the router's own tests; the
    # router uses it only where a test lists it in NEWSROOM_DATABASE_REPLICAS.
    DATABASES["replica_test"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers continue while the admin writes; IMMEDIATE avoids
        # "database is locked" on concurrent write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if TESTING:
        # A file, not memory: the scale-out tests start real app servers on it.
        # TEST_SQLITE_NAME gives a second checkout's test run its own file.
        DATABASES["default"]["TEST"] = {
            "NAME": os.environ.get("TEST_SQLITE_NAME") or str(BASE_DIR / ".test-db.sqlite3")
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that an unreachable Redis is a cache miss.
            "BACKEND": "caching.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                # Redis answers in a millisecond: waiting longer only delays the miss.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Serve MEDIA_ROOT from Django itself: right for `make run` and a single small server,
# wrong behind a CDN or with object storage (set SERVE_MEDIA=false there).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# Production serves hashed, compressed copies made by `collectstatic`; development, tests
# and the test suite's own app servers (STATIC_MANIFEST=false) serve the source files.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not (DEBUG or TESTING))
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


def s3_media_storage() -> dict:
    """S3-compatible object storage (AWS, MinIO, Ceph, R2...) through django-storages.

    Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role):
    django-storages and boto3 read them from the environment themselves.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # Readers fetch photos anonymously: allow it with a bucket policy, or with
            # AWS_DEFAULT_ACL=public-read where the storage uses ACLs.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            # Public, unsigned URLs: pages are cached, and signed URLs would expire in them.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            # Every stored name is new (a replaced photo gets new files), so browsers and
            # CDNs may keep a file for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }


if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = s3_media_storage()

# Uploads: refuse oversized request bodies before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
CSRF_COOKIE_HTTPONLY = True
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    # e.g. "HTTP_X_FORWARDED_PROTO" when a TLS-terminating proxy sets it
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
if HTTPS and not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"newsroom@{_site.hostname}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging --------------------------------------------------------------------------
# One line per record on stderr, key=value pairs (logfmt), each with the request's id:
# `grep request_id=<id>` finds everything one request did. Stderr, not stdout: stdout is
# what commands print (`manage.py dumpdata > site.json` must stay valid JSON), and
# gunicorn and container runtimes collect stderr all the same.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logfmt.RequestIdFilter"}},
    "formatters": {"logfmt": {"()": "newsroom.logfmt.LogfmtFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "logfmt",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO", "propagate": True},
        # django-axes greets every process, each command included, with its version
        # ("AXES: BEGIN ..."); its lockout records are logged by other modules and kept.
        "axes.apps": {"level": "WARNING", "propagate": True},
    },
}

# --- Newsroom -------------------------------------------------------------------------
# Defaults for the admin-editable site settings (Site settings in the admin).
NEWSROOM_SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")
NEWSROOM_TAGLINE = os.environ.get("SITE_TAGLINE", "News and credited reprints")
NEWSROOM_COPYRIGHT_HOLDER = os.environ.get("SITE_COPYRIGHT_HOLDER", NEWSROOM_SITE_NAME)
NEWSROOM_COPYRIGHT_START_YEAR = env_int("SITE_COPYRIGHT_START_YEAR", 2009)
NEWSROOM_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", f"editors@{_site.hostname}")
NEWSROOM_PAGE_SIZE = 20
# How long a signed preview link for an unpublished article keeps working.
NEWSROOM_PREVIEW_HOURS = env_int("PREVIEW_LINK_HOURS", 48)
# Whole-page cache for anonymous readers (caching/, docs/caching.md): on in production,
# off while developing (the test suite turns it on, as in production: tests/conftest.py),
# and how long a page may stay cached at most (edits invalidate at once; this bounds
# memory, not staleness).
NEWSROOM_PAGE_CACHE = env_bool("PAGE_CACHE", not (DEBUG or TESTING))
NEWSROOM_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60)
# Pages larger than this (sitemap files) are kept on each app server's own disk, in this
# folder, and sent with sendfile; Redis keeps their headers.
NEWSROOM_PAGE_CACHE_FILE_BYTES = env_int("PAGE_CACHE_FILE_BYTES", 256 * 1024)
NEWSROOM_PAGE_CACHE_DIR = os.environ.get("PAGE_CACHE_DIR") or str(
    Path(tempfile.gettempdir()) / "newsroom-pages"
)
# Rendered article cards, site chrome, article stories (related articles included), listing
# counts and pages of ids, kept under the same content version (so exact after any edit);
# used by every request, signed in or not.
# Off while developing; on in production and in the test suite.
NEWSROOM_FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", not (DEBUG or TESTING))
# Sitemaps: URLs per sitemap file (the protocol allows at most 50,000).
NEWSROOM_SITEMAP_PAGE_SIZE = min(env_int("SITEMAP_PAGE_SIZE", 50_000), 50_000)
# Feeds: how many items, and whether items carry the full article body.
NEWSROOM_FEED_ITEMS = env_int("FEED_ITEMS", 30)
NEWSROOM_FEED_FULL_TEXT = env_bool("FEED_FULL_TEXT", True)

# --- Reprint import (import_articles and the admin's "Import articles") -----------------
# Larger files are refused with a clear error, and so are fetched pages.
NEWSROOM_IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# Seconds to wait for an original article's server, for the whole download.
NEWSROOM_IMPORT_FETCH_TIMEOUT = env_int("IMPORT_FETCH_TIMEOUT", 15)
# Fetching addresses on private networks (127.0.0.1, 10.x, 169.254.x...) would let anyone
# with import rights probe internal services; only a trusted setup turns this on.
NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = env_bool("IMPORT_ALLOW_PRIVATE_URLS")
# Read "03/09/2024" as 3 September (on) or March 9 (off, the default).
NEWSROOM_IMPORT_DAY_FIRST = env_bool("IMPORT_DAY_FIRST")

# --- The wire (manage.py ingest): partners' feeds, fetched under the import rules above --
# A feed is a list of stories, often with their full text: it may be larger than a page.
NEWSROOM_WIRE_FEED_MAX_BYTES = env_int("WIRE_FEED_MAX_BYTES", 10 * 1024 * 1024)
# Items read from one fetch (the newest first): a runaway feed cannot flood the inbox.
NEWSROOM_WIRE_MAX_ITEMS = env_int("WIRE_MAX_ITEMS", 500)

# --- Photos ---------------------------------------------------------------------------
# Uploads larger than these are refused with a form error. Pixels matter more than bytes:
# a 50 KB PNG can claim 400 megapixels and need gigabytes of memory once decoded, so the
# dimensions are checked before anything is decoded (articles/images.py).
NEWSROOM_PHOTO_MAX_BYTES = env_int("PHOTO_MAX_MB", 25) * 1024 * 1024
NEWSROOM_PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 50) * 1_000_000
# Widths (pixels) of the WebP + JPEG/PNG renditions made once per upload, never wider
# than the original. 768 serves the common phone (360-414 CSS pixels at 2x) with half the
# bytes of 1024 (bench/photos.py). Changing them affects new uploads; `manage.py
# make_renditions --all` remakes the existing ones.
NEWSROOM_PHOTO_WIDTHS = [int(width) for width in env_list("PHOTO_WIDTHS", "320,640,768,1024,1600")]

# --- Security and reliability -----------------------------------------------------------
# Everything below hardens the site against the daily attacks on a newsroom (password
# guessing, contact-form spam, stored XSS) and keeps it answering when a service fails.
# The admin's address. Moving it (ADMIN_URL=desk-4f7a/) keeps it out of the scanners'
# lists; robots.txt then stops naming it.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip().strip("/") + "/"
NEWSROOM_ADMIN_PATH = "/" + ADMIN_URL  # the replica router keeps the admin on the primary
if not re.fullmatch(r"([A-Za-z0-9_~-][A-Za-z0-9._~-]*/)+", ADMIN_URL):
    raise ImproperlyConfigured(f"ADMIN_URL must be a path like 'desk/', not {ADMIN_URL!r}.")

# Behind a proxy or load balancer, REMOTE_ADDR is the proxy: name how many trusted proxies
# append to X-Forwarded-For, and the client's address is read from there (client_ip.py).
NEWSROOM_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)


def media_origins() -> list[str]:
    """Where photos are served from when that is not this site (CSP img-src)."""
    origins = env_list("CSP_IMG_ORIGINS")
    media = urlsplit(MEDIA_URL)
    if media.scheme and media.netloc:
        origins.append(f"{media.scheme}://{media.netloc}")
    if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
        if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
            origins.append(f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}")
        elif os.environ.get("AWS_S3_ENDPOINT_URL"):
            endpoint = urlsplit(os.environ["AWS_S3_ENDPOINT_URL"])
            origins += [
                f"{endpoint.scheme}://{endpoint.netloc}",
                f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
            ]
        else:
            origins.append(f"https://{bucket}.s3.amazonaws.com")
            if os.environ.get("AWS_S3_REGION_NAME"):
                origins.append(
                    f"https://{bucket}.s3.{os.environ['AWS_S3_REGION_NAME']}.amazonaws.com"
                )
    return list(dict.fromkeys(origins))


# How article bodies fetch a video's title and poster (articles.embeds): the importer's
# safe fetcher, with its address checks and limits. Named here so articles imports no app.
NEWSROOM_EMBED_FETCHER = "reprints.fetch.fetch"
# How often the article form keeps a copy of unsaved work while someone types.
NEWSROOM_AUTOSAVE_SECONDS = 30

# Content-Security-Policy (django-csp 4; Django 6 builds the same in as SECURE_CSP).
# Scripts only from this site, or inline with this response's nonce ({{ CSP_NONCE }}).
# Styles only from this site: reader pages have no inline styles (static/css/site.css has
# them all) and sanitized article bodies cannot hold any.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *media_origins()],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": HTTPS and not DEBUG,
    },
}
# Added on pages under ADMIN_URL only (newsroom.content_security): the Django admin writes
# a <style> element in change lists without actions, and our admin previews (thumbnails,
# the focal-point picker, import originals) use style attributes. Scripts stay nonce-only.
NEWSROOM_ADMIN_CSP_UPDATE = {"style-src": [UNSAFE_INLINE]}

# Logins (django-axes): after AXES_FAILURE_LIMIT failed attempts for one user name, or
# from one address, that user name or address is locked out for AXES_COOLOFF_TIME. A
# superuser unlocks early by deleting its row under "Access attempts" in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"

# Staff sessions end after NEWSROOM_SESSION_IDLE_SECONDS without a request, and at the
# latest SESSION_COOKIE_AGE after signing in (newsroom.middleware.StaffSessionExpiryMiddleware).
NEWSROOM_SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 120) * 60

# Contact form: per client address, at most COUNT messages per SECONDS, for each pair.
NEWSROOM_CONTACT_RATE_LIMITS = [
    (env_int("CONTACT_MAX_PER_HOUR", 5), 60 * 60),
    (env_int("CONTACT_MAX_PER_DAY", 20), 24 * 60 * 60),
]

# Graceful failure: a database outage answers 503 with this Retry-After (seconds); see
# DATABASE_CONNECT_TIMEOUT in _database() above.
NEWSROOM_RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 30)

# Backups (manage.py backup / restore; make backup / make restore FILE=...).
NEWSROOM_BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# --- The JSON API (api/): Django REST framework, drf-spectacular ------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        # Signed-in staff trying the API in a browser; DRF keeps CSRF on unsafe methods.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Anonymous requests per client address that reach the application (page-cache hits are
# served before it), e.g. "120/minute"; empty turns the limit off.
NEWSROOM_API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": (
        "Public, read-only access to what readers see (public articles, sections, tags, "
        "sources, authors), and token-authenticated writes for staff tools under "
        "`/api/v1/desk/`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"SyndicationPolicyEnum": "articles.models.SyndicationPolicy"},
}
# Browsers on these origins may GET the API (CORS). Comma-separated; "*" for any.
_cors_origins = env_list("API_CORS_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = "*" in _cors_origins
CORS_ALLOWED_ORIGINS = [origin for origin in _cors_origins if origin != "*"]
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
