"""Response headers: the Content-Security-Policy and Permissions-Policy of every response, and no shared caching of
what a logged-in user is shown.

- `SecurityHeadersMiddleware` (outside WhiteNoise and the page cache, so static files and stored pages get the
  headers too, and a stored page never keeps an old policy): SECURE_CSP on every path but /admin/, which gets
  SECURE_CSP_ADMIN (Wagtail's admin needs inline scripts and styles); PERMISSIONS_POLICY everywhere. A policy a view
  set itself is kept (Wagtail serves documents and images with the stricter `default-src 'none'`).
- `PrivateCacheMiddleware`: `Cache-Control: private, no-cache` on every response to a logged-in user, public pages
  and the admin alike, so no proxy keeps an editor's page and the browser asks again each time (304 on the ETag).
  Anonymous readers keep the page cache's `public, no-cache` and its ETag.

Our own few lines rather than django-csp: two fixed policies chosen by path and no nonce. Public pages carry no
inline script or style at all, and the page cache stores them whole, which a per-response nonce would defeat.
The settings have the form of Django 6.0's SECURE_CSP (directive: sources), whose middleware can replace this one.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

CSP_HEADER = "Content-Security-Policy"
PERMISSIONS_HEADER = "Permissions-Policy"
ADMIN_PREFIX = "/admin/"


def policy_header(directives):
    """{"script-src": ["'self'"], ...} -> "script-src 'self'; ..." (a directive without sources stands alone)."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_header(features):
    """{"camera": [], "fullscreen": ["self"]} -> "camera=(), fullscreen=(self)"."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


def content_security_policy(request):
    admin = request.path_info.startswith(ADMIN_PREFIX)
    return policy_header(settings.SECURE_CSP_ADMIN if admin else settings.SECURE_CSP)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's debug pages (DEBUG only) are made of inline scripts and styles.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if CSP_HEADER not in response and not debug_page:
            response[CSP_HEADER] = content_security_policy(request)
        if PERMISSIONS_HEADER not in response:
            response[PERMISSIONS_HEADER] = permissions_header(settings.PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # request.user is set by the authentication middleware further in; a page served by the page cache never got
        # that far, and is never a logged-in user's (a session cookie bypasses the cache).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Merged with what is there: `public` goes, `no-store` (never_cache) stays.
            patch_cache_control(response, private=True, no_cache=True)
        return response
