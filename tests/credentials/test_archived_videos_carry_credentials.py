"""Every archived video (and its watermarked copy) carries a signed C2PA
manifest that c2pa-python reads back as valid; a changed file reads invalid."""

import shutil
from pathlib import Path

import c2pa
import requests

from projects.credentials.manifest import TRAINED_ALGORITHMIC_MEDIA
from projects.credentials.signing import read_credentials
from projects.models import CredentialsState
from tests.credentials.conftest import flip_bytes_in_mdat


def test_an_archived_video_reads_back_with_its_manifest(archived):
    assert archived.credentials_state == CredentialsState.SELF_SIGNED
    assert archived.credentials_checked_at is not None
    assert archived.credentials_error == ""
    path = Path(archived.video.path)
    # Read with the library itself, not only through our summary.
    with c2pa.Reader(str(path)) as reader:
        manifest = reader.get_active_manifest()
        assert reader.get_validation_state() in ("Valid", "Trusted")
    assert manifest["claim_generator_info"][0]["name"] == "Avatar Studio"
    actions = next(a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions"))
    created = actions["data"]["actions"][0]
    assert created["action"] == "c2pa.created"
    assert created["digitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA

    found = read_credentials(path)
    assert found.valid and found.trusted and found.self_signed
    summary = found.summary
    assert summary["kling_task_id"] == archived.task_id != ""
    assert summary["mode"] == archived.mode
    assert summary["team"] == archived.project.team.name
    assert summary["copy"] == "clean"
    hashes = {i["title"]: i["sha256"] for i in summary["ingredients"]}
    assert hashes == {
        archived.portrait.label: archived.portrait.source_sha256,
        archived.voiceover.label: archived.voiceover.source_sha256,
    }


def test_the_watermarked_copy_is_signed_too(archived):
    found = read_credentials(Path(archived.watermarked_video.path))
    assert found.valid
    assert found.summary["copy"] == "watermarked"


def test_a_video_changed_after_signing_reads_invalid(archived, tmp_path):
    copy = tmp_path / "changed.mp4"
    shutil.copy(archived.video.path, copy)
    flip_bytes_in_mdat(copy)
    found = read_credentials(copy)
    assert found.found and not found.valid
    assert found.verdict == "invalid"
    assert "changed after it was signed" in found.reason


def test_a_video_without_a_manifest_reads_missing(tmp_path, archived):
    # Kling's own file, as the sandbox serves it, before we signed it.
    unsigned = tmp_path / "kling.mp4"
    unsigned.write_bytes(requests.get(archived.provider_video_url, timeout=10).content)
    found = read_credentials(unsigned)
    assert not found.found and found.verdict == "missing"
    assert found.reason == "the file has no content credentials"
