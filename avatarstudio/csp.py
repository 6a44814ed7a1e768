"""The Content-Security-Policy (django-csp's middleware; a view that sets
the header itself keeps its own, and the embed page replaces frame-ancestors
per link)."""

# The app has no inline script or style; previews of a file being uploaded
# are blob: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "media-src": ["'self'", "blob:", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
