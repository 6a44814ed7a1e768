"""Who signs: the certificate chain and key from the settings
(``C2PA_SIGNING_CERT``/``_KEY``, or their ``_FILE`` paths, read at each use),
else the development chain. Errors are ``CredentialsError`` in plain words
that never hold a path, a file's contents or key material."""

from dataclasses import dataclass
from pathlib import Path

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.conf import settings

from . import devchain

DEV_CHAIN_FOLDER = "c2pa-dev"


class CredentialsError(Exception):
    """Signing or reading could not happen; the message is for people."""


@dataclass(frozen=True)
class SigningIdentity:
    chain: bytes  # PEM: the signer's certificate, then its issuers
    key: bytes  # PEM private key: never logged, stored or shown
    alg: c2pa.C2paSigningAlg
    self_signed: bool  # the development chain: nobody outside this server knows its root
    anchors: str  # PEM roots that reading back trusts

    def __repr__(self):
        return f"SigningIdentity(alg={self.alg.name}, self_signed={self.self_signed})"


def dev_chain_dir() -> Path:
    if settings.C2PA_DEV_CERT_DIR:
        return Path(settings.C2PA_DEV_CERT_DIR)
    return Path(settings.MEDIA_ROOT).resolve().parent / DEV_CHAIN_FOLDER


def _setting(name, what) -> bytes:
    """A setting's PEM text, or the contents of the file its ``_FILE`` names."""
    value = getattr(settings, name)
    path = getattr(settings, f"{name}_FILE")
    if value:
        return value.encode()
    if not path:
        return b""
    try:
        return Path(path).read_bytes()
    except OSError:
        raise CredentialsError(f"The {what} file could not be read.") from None


def _algorithm(key) -> c2pa.C2paSigningAlg:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        by_curve = {256: c2pa.C2paSigningAlg.ES256, 384: c2pa.C2paSigningAlg.ES384}
        if key.curve.key_size in by_curve:
            return by_curve[key.curve.key_size]
        return c2pa.C2paSigningAlg.ES512
    if isinstance(key, rsa.RSAPrivateKey):
        return c2pa.C2paSigningAlg.PS256
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return c2pa.C2paSigningAlg.ED25519
    raise CredentialsError("The signing key is of a kind C2PA does not sign with.")


def _checked(chain: bytes, key_pem: bytes) -> c2pa.C2paSigningAlg:
    try:
        certificates = x509.load_pem_x509_certificates(chain)
    except ValueError:
        raise CredentialsError("The signing certificate is not a PEM certificate.") from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        # Deliberately without the library's words: they may quote the key.
        raise CredentialsError("The signing key is not an unencrypted PEM private key.") from None
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if certificates[0].public_key().public_bytes(*public) != key.public_key().public_bytes(*public):
        raise CredentialsError("The signing key does not belong to the signing certificate.")
    return _algorithm(key)


def trust_anchors() -> str:
    """Roots that reading back trusts: the configured ones, plus the
    development root once it exists."""
    anchors = _setting("C2PA_TRUST_ANCHORS", "trust anchors")
    root = dev_chain_dir() / devchain.ROOT_FILE
    if root.exists():
        anchors += b"\n" + root.read_bytes()
    return anchors.decode(errors="replace").strip()


def load_identity() -> SigningIdentity:
    chain = _setting("C2PA_SIGNING_CERT", "signing certificate")
    key = _setting("C2PA_SIGNING_KEY", "signing key")
    if bool(chain) != bool(key):
        raise CredentialsError(
            "Only one of the signing certificate and key is set: both are needed."
        )
    self_signed = not chain
    if self_signed:
        try:
            _root, chain, key = devchain.ensure_chain(dev_chain_dir())
        except OSError:
            raise CredentialsError("The development certificate could not be made.") from None
    return SigningIdentity(chain, key, _checked(chain, key), self_signed, trust_anchors())
