"""Settings for content credentials: the C2PA manifest signed into every
archived video (projects/credentials/, docs/credentials.md)."""

import os

from avatarstudio.environment import env

# The signing certificate chain (PEM: the signer's certificate first, then its
# intermediates) and its private key (PEM), given directly or as the path of
# a file in C2PA_SIGNING_CERT_FILE / C2PA_SIGNING_KEY_FILE. The files are read
# when a video is signed, not here: a key file that cannot be read then leaves
# videos unsigned and flagged (and retried) instead of stopping the site.
# With neither set, a development chain is made on first use (self-signed).
C2PA_SIGNING_CERT = os.environ.get("C2PA_SIGNING_CERT", "")
C2PA_SIGNING_CERT_FILE = os.environ.get("C2PA_SIGNING_CERT_FILE", "")
C2PA_SIGNING_KEY = os.environ.get("C2PA_SIGNING_KEY", "")
C2PA_SIGNING_KEY_FILE = os.environ.get("C2PA_SIGNING_KEY_FILE", "")
# Root certificates (PEM) that reading a manifest back trusts, besides the
# development root: the root of a real signing certificate's CA.
C2PA_TRUST_ANCHORS = os.environ.get("C2PA_TRUST_ANCHORS", "")
C2PA_TRUST_ANCHORS_FILE = os.environ.get("C2PA_TRUST_ANCHORS_FILE", "")
# Where the development chain is kept (private: never under MEDIA_ROOT, never
# served). Empty: a "c2pa-dev" folder beside MEDIA_ROOT.
C2PA_DEV_CERT_DIR = env("C2PA_DEV_CERT_DIR", "")
# The waits, in seconds, before signing a video again after a failure; the
# last one repeats until it works (1 min, 5 min, 30 min, 2 h, then every 6 h).
C2PA_RETRY_DELAYS = [
    int(s) for s in env("C2PA_RETRY_DELAYS", "60,300,1800,7200,21600").split(",") if s.strip()
]
