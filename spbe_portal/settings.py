"""Settings for the SPBE Portal, read from the environment.

Development: ``make run`` sets ``DEBUG=1`` and uses a SQLite file under ``var/``.
Production: set ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL=postgres://…``; the
HTTPS-related variables are listed in README.md ("Production").
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from spbe_portal.lib.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the environment variable SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS item {_origin!r} must start with http:// or https:// (e.g. https://spbe.kalselprov.go.id)."
        )

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "simple_history",
    "axes",
    "django_ratelimit",
    "spbe_portal",
    "indicators",
    "skpd",
    "evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spbe_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL bytes and integers past 64 bits in request values: a 400, before any query is built.
    "spbe_portal.input_guard.RefuseHostileInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A refused service action (evaluations.errors) becomes its 403/409/400 answer here, for every view.
    "evaluations.errors.ServiceErrorMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spbe_portal.urls"
WSGI_APPLICATION = "spbe_portal.wsgi.application"
ASGI_APPLICATION = "spbe_portal.asgi.application"

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
                "spbe_portal.context_processors.portal",
                "skpd.context_processors.user_place",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), base_dir=BASE_DIR)
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", 0, minimum=0))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "spbe_portal.auth_backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing (django-axes, hooks in spbe_portal/login_throttle.py). Never by account alone,
# or anyone could lock anyone out: an account at one address is locked after LOGIN_FAILURE_LIMIT
# failures (5), and an address trying many accounts after LOGIN_ADDRESS_FAILURE_LIMIT (50: an
# office behind one NAT address with a few typing mistakes stays far below it; a guesser gets at
# most 50 tries per cool-off from one address, 5 of them per account). The address is the client's
# behind TRUSTED_PROXY_COUNT reverse proxies (docs/deployment.md). The lock lifts
# LOGIN_LOCKOUT_MINUTES after the last failure; an administrator unlocks earlier in the admin
# ("Access attempts") or with `manage.py axes_reset_username` / `axes_reset_ip`.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
# Shown on the locked-out page: how to reach the portal's administrator (e.g. a helpdesk e-mail).
PORTAL_ADMIN_CONTACT = env_str("PORTAL_ADMIN_CONTACT", "")
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
# Password reset by e-mail (spbe_portal/password_reset.py, django-ratelimit on the cache): requests
# an hour per client address and per e-mail address; the link in the mail is valid for
# PASSWORD_RESET_TIMEOUT (Django's default, 3 days, shortened to 1 day here).
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 10, minimum=1)
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3, minimum=1)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "spbe_portal.login_throttle.client_ip"
AXES_HANDLER = "spbe_portal.login_throttle.ThrottleHandler"
AXES_LOCKOUT_CALLABLE = "spbe_portal.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Bahasa Indonesia first; English through the language switch. Source strings are Indonesian,
# so a missing translation still shows Indonesian.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Makassar"  # WITA
USE_TZ = True
FORMAT_MODULE_PATH = ["spbe_portal.formats"]
# Django's renderer, with <select> written in Python (600-unit filters: spbe_portal/forms_renderer.py).
FORM_RENDERER = "spbe_portal.forms_renderer.PortalFormRenderer"
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", str(VAR_DIR / "evidence")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(EVIDENCE_ROOT)},
    },
    "staticfiles": {
        # Hashed, compressed names in production so browsers cache them for a year.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 60 if DEBUG else 31536000
WHITENOISE_USE_FINDERS = DEBUG
# Several app servers behind one load balancer need shared evidence storage: S3-compatible object
# storage through django-storages (`pip install '.[s3]'`), imported only when first used. Files
# stay private (no public ACL); the download view still checks permission and streams them.
EVIDENCE_STORAGE = env_str("EVIDENCE_STORAGE", "filesystem")
if EVIDENCE_STORAGE == "s3":
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured("EVIDENCE_STORAGE=s3 needs django-storages: pip install '.[s3]'.")
    if not env_str("AWS_STORAGE_BUCKET_NAME", ""):
        raise ImproperlyConfigured("EVIDENCE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the evidence bucket).")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,  # MinIO, Ceph, a cloud's S3 endpoint
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "location": env_str("AWS_LOCATION", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (boto3 reads them).
        },
    }
elif EVIDENCE_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"EVIDENCE_STORAGE={EVIDENCE_STORAGE!r}: use filesystem (default) or s3.")

# Cache: per process by default; CACHE_URL=redis://host:6379/0 shares one between app servers
# (Django's RedisCache; `pip install '.[redis]'`).
CACHE_URL = env_str("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r}: use locmem:// (default), dummy:// or redis://host:6379/0.")
# django-ratelimit (password-reset mail) counts in this cache. With the embedded locmem:// default
# each server process counts on its own, so the limits hold per process; several app servers share
# the count with CACHE_URL=redis://… (docs/deployment.md). dummy:// counts nothing.
if CACHE_URL in ("locmem://", "dummy://"):
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Sessions: in the database by default (shared by every app server on it); SESSION_STORE=cached_db
# reads them through the cache, SESSION_STORE=cache keeps them only there (needs a shared cache).
SESSION_STORE = env_str("SESSION_STORE", "db")
if SESSION_STORE not in ("db", "cached_db", "cache"):
    raise ImproperlyConfigured(f"SESSION_STORE={SESSION_STORE!r}: use db (default), cached_db or cache.")
if SESSION_STORE == "cache" and CACHE_URL in ("locmem://", "dummy://"):
    raise ImproperlyConfigured("SESSION_STORE=cache needs a shared cache: set CACHE_URL=redis://….")
SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_STORE}"

# Evidence files are never under STATIC_ROOT and there is no MEDIA_URL: they are served only by
# a view that checks permission.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Bounds on every parsed upload (stage results, units): spbe_portal/lib/uploads.py checks them
# before the work they protect. An .xlsx is a zip: each member's unpacked size is checked first.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
IMPORT_MAX_SHEET_BYTES = env_int("IMPORT_MAX_SHEET_BYTES", 10 * 1024 * 1024, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Evidence on disk: files 640 and folders 750 (the portal's user and its group), whatever the
# process umask; restore creates them the same way (spbe_portal/backup.py).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Security headers. The HTTPS ones are the operator's choice (TLS at a proxy or not): see README.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)

# No inline script anywhere: every script is a same-origin static file. Inline *styles* are
# allowed because Plotly and htmx set element styles while drawing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal-spbe@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # an expected 403 is one line, without the traceback Django attaches to it
    "filters": {"forbidden_one_line": {"()": "spbe_portal.log_filters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

PORTAL_NAME = env_str("PORTAL_NAME", "Portal SPBE")
# The portal's address as its users reach it, e.g. https://spbe.kalselprov.go.id: links in e-mails
# are made absolute with it (mail is also sent by commands, where no request says the host).
# Empty: e-mails carry the path alone (/evaluasi/jawaban/12/).
PORTAL_URL = env_str("PORTAL_URL", "").rstrip("/")
if PORTAL_URL:
    from urllib.parse import urlsplit

    _url = urlsplit(PORTAL_URL)
    try:
        _url.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        _url = None
    if (
        _url is None
        or _url.scheme not in ("http", "https")
        or not _url.hostname
        or any(c.isspace() for c in PORTAL_URL)
        or _url.username is not None
        or _url.path
        or _url.query
        or _url.fragment
    ):
        raise ImproperlyConfigured(
            f"PORTAL_URL={PORTAL_URL!r} must be the portal's address, http(s)://host[:port] without a path "
            "(e.g. https://spbe.kalselprov.go.id)."
        )
PORTAL_INSTANSI = env_str("PORTAL_INSTANSI", "Pemerintah Provinsi Kalimantan Selatan")
