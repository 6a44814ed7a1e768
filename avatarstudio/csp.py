"""The Content-Security-Policy (django-csp's middleware; a view that sets
the header itself keeps its own, and the embed page replaces frame-ancestors
per link)."""


def content_security_policy(*, media_origins=()) -> dict:
    """The app has no inline script or style; previews of a file being
    uploaded are blob: URLs. With media in a bucket (MEDIA_STORAGE=s3), videos,
    sounds and images load from the bucket's signed addresses: its origin is
    allowed for media and images, and for nothing else."""
    origins = list(media_origins)
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "blob:", "data:", *origins],
            "media-src": ["'self'", "blob:", "data:", *origins],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    }
