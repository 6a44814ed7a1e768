"""A development certificate chain, made on first use when no signing
certificate is configured: a root CA and a signing certificate it issued,
with the key usages c2pa requires of a signer (digital signature, critical;
the e-mail protection extended key usage; not a CA). Readers can check a
video is unchanged, but nobody outside this server knows the root: pages say
"self-signed". Kept in a private folder (0700, files 0600), never served."""

import datetime
import fcntl
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_FILE = "root.pem"
CHAIN_FILE = "chain.pem"
KEY_FILE = "signer.key"
ROOT_YEARS = 10
# Publicly trusted leaf certificates stop at 825 days; ours follows suit.
SIGNER_DAYS = 825
ORGANIZATION = "Avatar Studio (development)"


def _name(common_name, organization):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )


def _key_usage(*, signer):
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def make_chain(now=None, organization=ORGANIZATION):
    """(root PEM, chain PEM: signer then root, signer's key PEM)."""
    now = now or datetime.datetime.now(datetime.UTC)
    since = now - datetime.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("Avatar Studio development root", organization)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(since)
        .not_valid_after(now + datetime.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name("Avatar Studio development signer", organization))
        .issuer_name(root_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(since)
        .not_valid_after(now + datetime.timedelta(days=SIGNER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key = signer_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return root.public_bytes(pem), signer.public_bytes(pem) + root.public_bytes(pem), key


def _write_private(path: Path, data: bytes):
    """Write ``data`` readable by this user only, replacing ``path`` at once so
    that a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(partial, path)


def ensure_chain(directory: Path):
    """The development chain in ``directory``, made there first if missing.
    Returns (root PEM, chain PEM, key PEM)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    paths = [directory / ROOT_FILE, directory / CHAIN_FILE, directory / KEY_FILE]
    if not all(p.exists() for p in paths):
        # Two workers starting at once: the second waits, then finds the chain.
        fd = os.open(directory / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not all(p.exists() for p in paths):
                for path, data in zip(paths, make_chain(), strict=True):
                    _write_private(path, data)
        finally:
            os.close(fd)
    return tuple(p.read_bytes() for p in paths)
