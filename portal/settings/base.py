"""Settings shared by every environment.

The environment is read here and only here: DATABASE_URL, CACHE_URL, SECRET_KEY,
ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, MEDIA_ROOT, STATIC_ROOT, EMAIL_URL, EMAIL_TIMEOUT, PORTAL_*.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from wagtail.embeds.oembed_providers import vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "core",
    "news",
    "dossiers",
    "stats",
    "publications",
    "organisation",
    "questions",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    # Purges nginx/Varnish/CDN copies on publish; sends nothing while WAGTAILFRONTENDCACHE is empty.
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Admin sign-in: failed attempts and lockouts (portal/login_throttle.py), two-step verification
    # (portal/two_factor.py).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # stats: first, so that it sees the final response (redirects, errors, 304s and cached pages included).
    "stats.middleware.VisitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, cached pages and static files included
    # (portal/headers.py, the policies below under "Response headers").
    "portal.headers.SecurityHeadersMiddleware",
    # Static files leave here, before compression (WhiteNoise serves its own precompressed files).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # zstd, Brotli or gzip by the browser's Accept-Encoding, for pages fresh or cached alike.
    "compression_middleware.middleware.CompressionMiddleware",
    # 304 answers on the ETag; after compression in the list, so the ETag is of the uncompressed page.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cache-Control: private, no-cache for a logged-in user (portal/headers.py): inside ConditionalGet, so its 304s
    # carry it too; outside the page cache, which never serves or stores a logged-in user's page anyway.
    "portal.headers.PrivateCacheMiddleware",
    # Anonymous readers' pages from the shared cache (portal/page_cache.py); everything below is skipped on a hit.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified() (django-otp), then the admin's two-step verification when PORTAL_REQUIRE_2FA is set.
    "django_otp.middleware.OTPMiddleware",
    "portal.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page (portal/login_throttle.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite is the embedded default, PostgreSQL the production database.
# An empty DATABASE_URL (as `DATABASE_URL= make test` leaves it) means the embedded default, like an unset one.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE transactions take the write
    # lock up front, so concurrent writers queue on the busy timeout instead of failing
    # with "database is locked" when a read lock cannot be upgraded.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; CACHE_URL=redis://127.0.0.1:6379/0 shares it between workers and hosts. CACHES is
# built below, after PORTAL_CACHE_TIMEOUT_SECONDS and PORTAL_CACHE_RETRY_SECONDS (`cache_settings`).

# django-axes' backend first: it refuses a locked-out sign-in before any password is hashed; it needs the request
# in authenticate(), which Wagtail's login view passes (the test client's login() does not: tests use force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The admin is Vietnamese for every user who has not chosen English in their preferences: LocaleMiddleware
# only knows "vi", and Wagtail falls back to the request language. The login form labels its password field
# translatably (Wagtail's shows an English "Password").
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_forms.VietnameseLoginForm"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Several application hosts (issue 7): media storage and front-end cache purging -----------------------------
# Each host must see the same uploads, so with more than one host MEDIA lives in an S3-compatible bucket (or on one
# shared disk); and a cache in front (nginx, Varnish, a CDN) is told when a page changes. Both are read from the
# environment by the two helpers below, which take a plain mapping so that tests can call them with a made-up one.
S3_STORAGE_BACKEND = "storages.backends.s3.S3Storage"


def media_storage(environ_vars) -> dict:
    """STORAGES["default"]: MEDIA_ROOT on local disk, or an S3-compatible bucket when PORTAL_S3_BUCKET is set.

    PORTAL_S3_ENDPOINT_URL (MinIO, Ceph, a provider's S3), PORTAL_S3_REGION, PORTAL_S3_ACCESS_KEY_ID,
    PORTAL_S3_SECRET_ACCESS_KEY (when unset, boto3's own chain: AWS_* variables, an instance role),
    PORTAL_S3_CUSTOM_DOMAIN (a CDN or proxy host name in the media URLs), PORTAL_S3_QUERYSTRING_AUTH (default false:
    images are public, so their URLs stay short, stable and cacheable instead of signed and expiring).
    """
    bucket = environ_vars.get("PORTAL_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "querystring_auth": environ.Env.parse_value(environ_vars.get("PORTAL_S3_QUERYSTRING_AUTH") or "false", bool),
        # Two uploads named "anh.jpg" must not replace each other: the second gets a suffix, as on local disk.
        "file_overwrite": False,
        # Uploaded names are never reused (above): browsers may keep a file 30 days, as nginx does for /media/.
        "object_parameters": {"CacheControl": "public, max-age=2592000"},
        # Signed URLs (PORTAL_S3_QUERYSTRING_AUTH=true) in Signature Version 4: boto3 would sign us-east-1 URLs in
        # the retired version 2, which newer regions and MinIO refuse.
        "signature_version": "s3v4",
    }
    optional = {
        "endpoint_url": "PORTAL_S3_ENDPOINT_URL",
        "region_name": "PORTAL_S3_REGION",
        "access_key": "PORTAL_S3_ACCESS_KEY_ID",
        "secret_key": "PORTAL_S3_SECRET_ACCESS_KEY",
        "custom_domain": "PORTAL_S3_CUSTOM_DOMAIN",
    }
    for option, name in optional.items():
        if value := environ_vars.get(name, "").strip():
            options[option] = value
    if "endpoint_url" in options:
        # Self-hosted S3 servers (MinIO's default) answer http://host:9000/bucket/key, not bucket.host.
        options["addressing_style"] = "path"
    return {"BACKEND": S3_STORAGE_BACKEND, "OPTIONS": options}


def frontend_cache_backends(environ_vars) -> dict:
    """WAGTAILFRONTENDCACHE: where wagtail.contrib.frontend_cache sends purges when a page is published or unpublished.

    PORTAL_FRONTEND_CACHE_URLS: comma-separated addresses of caches that accept HTTP PURGE (nginx with the
    cache-purge module, Varnish), e.g. "http://10.0.0.10:80"; the page's path is sent there with its site's Host.
    PORTAL_CLOUDFLARE_ZONE_ID with PORTAL_CLOUDFLARE_BEARER_TOKEN (an API token allowed "Cache Purge"): Cloudflare.
    Nothing set: an empty dict, and Wagtail's purge task returns before sending anything.
    """
    backends = {}
    urls = environ.Env.parse_value(environ_vars.get("PORTAL_FRONTEND_CACHE_URLS", ""), list)
    for number, url in enumerate(url.strip() for url in urls if url.strip()):
        backends[f"http{number}"] = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    zone = environ_vars.get("PORTAL_CLOUDFLARE_ZONE_ID", "").strip()
    token = environ_vars.get("PORTAL_CLOUDFLARE_BEARER_TOKEN", "").strip()
    if bool(zone) != bool(token):
        raise ImproperlyConfigured("PORTAL_CLOUDFLARE_ZONE_ID and PORTAL_CLOUDFLARE_BEARER_TOKEN go together.")
    if zone:
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
            "BEARER_TOKEN": token,
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_cache_backends(env.ENVIRON)
# Documents are always streamed by Wagtail's view (/documents/<id>/<name>), never redirected to their file's URL:
# the view checks the collection's privacy first, and a redirect would hand out the bucket URL of a private file
# (public and unsigned with PORTAL_S3_QUERYSTRING_AUTH off) to anyone who has it. Without this setting Wagtail
# redirects whenever the storage is remote. On local disk nginx must not serve /media/documents/ either (README).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# --- end of several application hosts ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": media_storage(env.ENVIRON),  # local disk, or the bucket: see media_storage() above
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365


# --- Response headers (portal/headers.py) --------------------------------------------------------------------------
def media_origins(environ_vars) -> list:
    """The origins media files are served from when they are not on this site (an S3 bucket, its CDN domain): the
    images' source for the Content-Security-Policy. Read from the same PORTAL_S3_* variables as media_storage()."""
    if not environ_vars.get("PORTAL_S3_BUCKET", "").strip():
        return []
    bucket = environ_vars["PORTAL_S3_BUCKET"].strip()
    if domain := environ_vars.get("PORTAL_S3_CUSTOM_DOMAIN", "").strip():
        return [f"https://{domain.split('/')[0]}"]
    if endpoint := environ_vars.get("PORTAL_S3_ENDPOINT_URL", "").strip():
        scheme, _, rest = endpoint.partition("://")
        return [f"{scheme}://{rest.split('/')[0]}"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region := environ_vars.get("PORTAL_S3_REGION", "").strip():
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins


MEDIA_ORIGINS = media_origins(env.ENVIRON)
# The players that media embeds in rich text may show (WAGTAILEMBEDS_FINDERS below accepts these providers only).
EMBED_FRAME_ORIGINS = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# The public pages' Content-Security-Policy: nothing inline (no <script> without src, no style attribute or
# <style>), nothing from elsewhere but media images and video players. No nonce: pages are stored whole by the page
# cache. The same form as Django 6.0's SECURE_CSP (directive: sources).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
    "media-src": ["'self'", *MEDIA_ORIGINS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": EMBED_FRAME_ORIGINS,
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
# Under /admin/ (Wagtail's admin and its page previews): Wagtail writes inline scripts (date pickers, inline panels)
# and inline styles, its accessibility checker compiles templates at run time, editors' previews show images and
# players from the embed providers. Nothing else leaves the machine: no Gravatar avatars (editors' e-mail hashes
# would be sent out), no update check against releases.wagtail.org (both switched off below). So inline code and eval
# are allowed there (editors only, behind the login); the rest of the policy still holds: no plugins, no framing by
# other sites, forms and <base> to this site only.
# The admin calls no outside service: avatars are Wagtail's own default image, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
SECURE_CSP_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
    "media-src": ["'self'", "blob:", *MEDIA_ORIGINS],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *EMBED_FRAME_ORIGINS],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
# Powerful browser features nobody's page here uses, off for the page and every frame in it (feature: allowed
# origins, none). Only features Chromium knows (an unknown one is an error in its console); fullscreen, autoplay,
# picture-in-picture, encrypted-media, clipboard-write and the motion sensors stay available to the video players.
PERMISSIONS_POLICY = {
    feature: [] for feature in (
        "browsing-topics", "camera", "display-capture", "geolocation", "hid", "idle-detection", "interest-cohort",
        "local-fonts", "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}
# Media embeds: YouTube and Vimeo only, the players the policy above lets in (others would be blocked on the page).
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
# --- end of response headers ----------------------------------------------------------------------------------------

SESSION_COOKIE_AGE = env.int("PORTAL_SESSION_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")
# Seconds an SMTP connection or answer may take: a mail server that hangs never holds a reader's request for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

WAGTAIL_SITE_NAME = "Trang thông tin điện tử"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"]
WAGTAIL_DATE_FORMAT = "d/m/Y"
WAGTAIL_DATETIME_FORMAT = "d/m/Y H:i"
WAGTAIL_TIME_FORMAT = "H:i"

# Article body rich text: what the editor allows is also what imports are cleaned to.
RICH_TEXT_FEATURES = [
    "h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image", "embed",
    "blockquote", "superscript", "subscript",
]
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": RICH_TEXT_FEATURES},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": "INFO"},
        "news": {"level": "INFO"},
        "dossiers": {"level": "INFO"},
        "stats": {"level": "INFO"},
    },
}



REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def cache_settings(config, timeout_seconds, retry_seconds) -> dict:
    """CACHES["default"] from CACHE_URL's parsed form: a Redis address goes to core.cache.ResilientRedisCache (short
    socket timeouts, errors answered as misses, a circuit breaker); anything else (local memory) as it is."""
    if not str(config.get("LOCATION", "")).startswith(REDIS_SCHEMES):
        return config
    options = {
        "socket_connect_timeout": timeout_seconds,
        "socket_timeout": timeout_seconds,
        "retry_seconds": retry_seconds,
        **config.get("OPTIONS", {}),
    }
    return {**config, "BACKEND": "core.cache.ResilientRedisCache", "OPTIONS": options}


def rate_limits(value) -> dict:
    """'comment_ip=20/600,rating_ip=60/600' -> {"comment_ip": (20, 600), ...}: how many per how many seconds."""
    limits = {}
    for item in environ.Env.parse_value(value or "", list):
        name, _, rule = item.partition("=")
        count, _, seconds = rule.partition("/")
        if not (name.strip() and count.strip().isdigit() and seconds.strip().isdigit()):
            raise ValueError(f"rate limit {item!r}: expected name=count/seconds, e.g. comment_ip=20/600")
        limits[name.strip()] = (int(count), int(seconds))
    return limits


# --- The portal's own settings ------------------------------------------------------------------------------------
# Each is declared here and nowhere else, under the PORTAL_ prefix, read from the environment variable of the same
# name. The code reads settings.PORTAL_X directly (no getattr with a default elsewhere).

# Production settings set this (load_demo refuses to run there).
PORTAL_PRODUCTION = False
# The reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs): core/client.py.
PORTAL_TRUSTED_PROXIES = env.list("PORTAL_TRUSTED_PROXIES", default=[])
# Anonymous readers' pages are kept this long in the shared cache (0 turns it off; at most 30 seconds).
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=15)
# Tracking tags that links shared on Facebook, Zalo, in newsletters and ads carry: never part of a page, so the page
# cache ignores them (comma-separated; a trailing * matches a prefix). Each page type also declares what it reads.
PORTAL_CACHE_IGNORED_PARAMETERS = env.list("PORTAL_CACHE_IGNORED_PARAMETERS", default=[
    "utm_*", "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "zarsrc", "zalo_source", "zl_source", "ref", "ref_src", "share",
])
# Which of CACHES holds the stored pages.
PORTAL_PAGE_CACHE_ALIAS = env.str("PORTAL_PAGE_CACHE_ALIAS", default="default")
# Redis (CACHE_URL) is an accelerator, never a single point of failure (core/cache.py): connecting and answering
# each get this long (seconds) before Redis counts as down, and a process that found it down leaves it alone this
# long before trying again; meanwhile pages are rendered uncached and rate limits are counted in the database.
PORTAL_CACHE_TIMEOUT_SECONDS = env.float("PORTAL_CACHE_TIMEOUT_SECONDS", default=0.3)
PORTAL_CACHE_RETRY_SECONDS = env.float("PORTAL_CACHE_RETRY_SECONDS", default=5.0)
CACHES = {"default": cache_settings(env.cache("CACHE_URL", default="locmemcache://portal"),
                                    PORTAL_CACHE_TIMEOUT_SECONDS, PORTAL_CACHE_RETRY_SECONDS)}
# stats: how long the sidebar block's figures may be cached; with the page cache's time, at most 30 seconds.
PORTAL_STATS_CACHE_SECONDS = env.int("PORTAL_STATS_CACHE_SECONDS", default=15)
# stats: counting can be switched off (the benchmark compares both; the block still shows stored figures).
PORTAL_STATS_ENABLED = env.bool("PORTAL_STATS_ENABLED", default=True)
# stats: more path prefixes never counted (comma-separated), besides the admin, static and media files.
PORTAL_STATS_EXCLUDED_PREFIXES = env.list("PORTAL_STATS_EXCLUDED_PREFIXES", default=[])
# stats: an address showing more distinct User-Agents than this within 10 minutes counts as one visitor from then on
# (docs/statistics.md, "Visitor"); 0 turns the rule off.
PORTAL_STATS_MAX_AGENTS_PER_ADDRESS = env.int("PORTAL_STATS_MAX_AGENTS_PER_ADDRESS", default=10)
# Dossier summaries: "calendar" months, or "official" periods (15th of the previous month to the 14th).
# DOSSIER_PERIOD, the variable's earlier name, is still read when the new one is not set.
PORTAL_DOSSIER_PERIOD = env.str("PORTAL_DOSSIER_PERIOD", default=env.str("DOSSIER_PERIOD", default="calendar"))
# Logged-in users on public pages are warned this many seconds before their idle session ends.
PORTAL_KEEPALIVE_WARNING_SECONDS = env.int("PORTAL_KEEPALIVE_WARNING_SECONDS", default=60)
# Readers' comments: the least time (seconds, at most 5) between showing the form and sending it; the least time
# between two e-mails to moderators about pending comments; limits over the defaults in news/guard.py.
PORTAL_COMMENT_MIN_FILL_SECONDS = env.int("PORTAL_COMMENT_MIN_FILL_SECONDS", default=3)
PORTAL_COMMENT_NOTIFY_COOLDOWN = env.int("PORTAL_COMMENT_NOTIFY_COOLDOWN", default=300)
PORTAL_COMMENT_RATE_LIMITS = rate_limits(env.str("PORTAL_COMMENT_RATE_LIMITS", default=""))
# Citizens' questions and the contact form: the same two defences, limits over the defaults in questions/guard.py.
PORTAL_QUESTIONS_MIN_FILL_SECONDS = env.int("PORTAL_QUESTIONS_MIN_FILL_SECONDS", default=3)
PORTAL_QUESTIONS_RATE_LIMITS = rate_limits(env.str("PORTAL_QUESTIONS_RATE_LIMITS", default=""))
# How long (seconds) a reader's form stays valid once shown (the fill-time token of the comment, question and contact
# forms, each bound to its form: core/guard.py). Hours: far longer than a cached page (at most 30 s) is handed out.
PORTAL_FORM_TOKEN_MAX_AGE = env.int("PORTAL_FORM_TOKEN_MAX_AGE", default=6 * 3600)
if PORTAL_FORM_TOKEN_MAX_AGE < 600:
    raise ImproperlyConfigured("PORTAL_FORM_TOKEN_MAX_AGE must be at least 600 seconds: readers need time to write.")
# bench/pages.py: its bare baseline view at /_bench/bare is mounted only when this is set (never in production).
PORTAL_BENCH_VIEW = env.bool("PORTAL_BENCH_VIEW", default=False)
# Admin sign-in (portal/login_throttle.py): after this many failed sign-ins for one username, or from one client
# address, every further sign-in for it is refused (the right password too) for PORTAL_LOGIN_LOCKOUT_MINUTES; the
# failures are counted until that many minutes pass without one.
PORTAL_LOGIN_FAILURES_PER_USERNAME = env.int("PORTAL_LOGIN_FAILURES_PER_USERNAME", default=5)
PORTAL_LOGIN_FAILURES_PER_ADDRESS = env.int("PORTAL_LOGIN_FAILURES_PER_ADDRESS", default=20)
PORTAL_LOGIN_LOCKOUT_MINUTES = env.int("PORTAL_LOGIN_LOCKOUT_MINUTES", default=15)
# Password-reset requests (and so e-mails) from one client address per hour, on Wagtail's /admin/password_reset/.
PORTAL_PASSWORD_RESETS_PER_HOUR = env.int("PORTAL_PASSWORD_RESETS_PER_HOUR", default=3)
# Superusers and moderators confirm each admin sign-in with an authenticator app's code (portal/two_factor.py).
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)

# --- django-axes and django-otp, configured from the settings above ------------------------------------------------
# Attempts in the database (axes' default handler, extended with one limit per username and one per address): the
# same figures for every worker and host, and no dependence on the cache.
AXES_HANDLER = "portal.login_throttle.LoginAttemptsHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = PORTAL_LOGIN_FAILURES_PER_USERNAME  # the handler counts the address against its own limit
AXES_COOLOFF_TIME = timedelta(minutes=PORTAL_LOGIN_LOCKOUT_MINUTES)
# A refused attempt during a lockout does not prolong it: the page says how long it lasts.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"  # proxy-aware, PORTAL_TRUSTED_PROXIES, as every room
AXES_LOCKOUT_CALLABLE = "portal.login_throttle.lockout_response"  # Wagtail's login page, Vietnamese message, 429
AXES_ENABLE_ADMIN = False  # Django's admin is not mounted
# Axes keeps failures (passwords masked) until the first sign-in after their cool-off, and a log of sign-ins
# (AccessLog: address, browser), pruned by `manage.py axes_reset_logs --age 30` (deploy/systemd timer).
# The authenticator app shows the site's name beside the account.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
