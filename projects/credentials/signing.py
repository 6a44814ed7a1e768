"""Signing a video's manifest into it and reading it back, with c2pa-python.

Nothing is fetched from the network: no timestamp authority, no remote
manifests, no OCSP; trust comes from ``identity.trust_anchors()`` only."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

import c2pa

from . import devchain
from .identity import CredentialsError, SigningIdentity, load_identity, trust_anchors
from .manifest import MEDIA_TYPE, RENDER_ASSERTION, SHA256_KEY, manifest_for

log = logging.getLogger(__name__)

OFFLINE = {"remote_manifest_fetch": False, "ocsp_fetch": False}
# A certificate no configured root vouches for: the signature still checks out.
UNTRUSTED = "signingCredential.untrusted"
# Failure codes in words for people; others keep c2pa's own explanation.
REASONS = {
    "assertion.bmffHash.mismatch": "the video was changed after it was signed",
    "assertion.dataHash.mismatch": "the file was changed after it was signed",
    "claimSignature.mismatch": "the signature does not match the manifest",
    "signingCredential.expired": "the signing certificate had expired",
    "signingCredential.revoked": "the signing certificate was revoked",
    "signingCredential.invalid": "the signing certificate is not fit for signing",
}


def _context(anchors: str = "") -> c2pa.Context:
    settings = {"verify": OFFLINE}
    if anchors:
        settings["trust"] = {"user_anchors": anchors}
    return c2pa.Context.from_dict(settings)


def sign_video(path: Path, render, *, copy="clean", identity: SigningIdentity | None = None):
    """Sign ``render``'s manifest into a copy of the MP4 at ``path``; return
    the signed copy's path. Raises CredentialsError, in plain words."""
    identity = identity or load_identity()
    signed = path.with_name(f"{path.stem}.signed{path.suffix}")
    try:
        info = c2pa.C2paSignerInfo(identity.alg, identity.chain, identity.key, None)
        builder = c2pa.Builder(manifest_for(render, copy=copy), context=_context())
        with (
            c2pa.Signer.from_info(info) as signer,
            builder,
            path.open("rb") as source,
            signed.open("w+b") as dest,
        ):
            builder.sign(signer, MEDIA_TYPE, source, dest)
    except c2pa.C2paError as error:
        # c2pa's words go to the log (they name no key material), ours to people.
        log.warning("Signing %s's %s copy failed: %s", render.code, copy, error)
        signed.unlink(missing_ok=True)
        raise CredentialsError(
            "The content credentials library refused to sign with this certificate and key."
        ) from None
    return signed


@dataclass
class Credentials:
    """What reading a file's manifest found."""

    found: bool = False  # a C2PA manifest is in the file
    valid: bool = False  # it checks out: signature and the file's hash
    trusted: bool = False  # and its certificate comes from a root we trust
    self_signed: bool = False  # signed with a development certificate
    reason: str = ""  # why not valid, or why not trusted, in words
    summary: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if not self.found:
            return "missing"
        return "valid" if self.valid else "invalid"


def _summary(manifest: dict) -> dict:
    actions = []
    render = {}
    for assertion in manifest.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            actions += assertion.get("data", {}).get("actions", [])
        elif assertion.get("label") == RENDER_ASSERTION:
            render = assertion.get("data", {})
    created = next((a for a in actions if a.get("action") == "c2pa.created"), {})
    generators = manifest.get("claim_generator_info") or [{}]
    signature = manifest.get("signature_info") or {}
    return {
        "claim_generator": generators[0].get("name", manifest.get("claim_generator", "")),
        "title": manifest.get("title", ""),
        "actions": [a.get("action", "") for a in actions],
        "digital_source_type": created.get("digitalSourceType", "").rpartition("/")[2],
        "when": created.get("when", ""),
        "kling_task_id": render.get("kling_task_id", ""),
        "mode": render.get("mode", ""),
        "team": render.get("team", ""),
        "copy": render.get("copy", ""),
        "ingredients": [
            {
                "title": i.get("title", ""),
                "format": i.get("format", ""),
                "relationship": i.get("relationship", ""),
                "sha256": i.get("metadata", {}).get(SHA256_KEY, ""),
            }
            for i in manifest.get("ingredients", [])
        ],
        "signed_by": signature.get("issuer", ""),
    }


def _failures(reader) -> list[dict]:
    results = reader.get_validation_results() or {}
    return (results.get("activeManifest") or {}).get("failure", [])


def read_credentials(path: Path, *, anchors: str | None = None) -> Credentials:
    """Read the manifest in the file at ``path`` back, offline."""
    anchors = trust_anchors() if anchors is None else anchors
    try:
        with (
            path.open("rb") as stream,
            c2pa.Reader(MEDIA_TYPE, stream, context=_context(anchors)) as reader,
        ):
            state = reader.get_validation_state()
            manifest = reader.get_active_manifest() or {}
            failures = _failures(reader)
    except c2pa.C2paError.ManifestNotFound:
        return Credentials(reason="the file has no content credentials")
    except c2pa.C2paError:
        return Credentials(reason="the file could not be read as an MP4 video")
    summary = _summary(manifest)
    found = Credentials(
        found=True,
        valid=state in ("Valid", "Trusted"),
        trusted=state == "Trusted",
        self_signed=summary["signed_by"] == devchain.ORGANIZATION,
        summary=summary,
    )
    problems = [f for f in failures if f.get("code") != UNTRUSTED]
    if problems:
        found.valid = found.trusted = False
        found.reason = "; ".join(
            REASONS.get(f.get("code"), f.get("explanation", f.get("code", ""))) for f in problems
        )
    elif not found.trusted:
        found.reason = "signed with a certificate this server does not know"
    return found
