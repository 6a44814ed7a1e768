"""``manage.py verify_credentials FILE... [--json]``: each file's manifest
summary and verdict; a non-zero exit when any is invalid or missing."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.credentials.conftest import flip_bytes_in_mdat


def run(*args):
    out = io.StringIO()
    call_command("verify_credentials", *args, stdout=out)
    return out.getvalue()


def test_a_signed_video_is_described_and_valid(archived):
    text = run(archived.video.path)
    assert text.startswith(f"{archived.video.path}: valid, self-signed (development certificate)")
    assert "made by: Avatar Studio (c2pa.created, trainedAlgorithmicMedia)" in text
    assert f"Kling task: {archived.task_id}, mode {archived.mode}" in text
    assert f"team: {archived.project.team.name}; copy: clean" in text
    assert f"sha256 {archived.portrait.source_sha256}" in text
    assert f"sha256 {archived.voiceover.source_sha256}" in text


def test_json_gives_one_object_per_file(archived):
    lines = run("--json", archived.video.path, archived.watermarked_video.path).splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first["verdict"] == "valid" and first["valid"] is True
    assert first["summary"]["kling_task_id"] == archived.task_id
    assert first["summary"]["digital_source_type"] == "trainedAlgorithmicMedia"
    assert len(first["summary"]["ingredients"]) == 2
    assert second["summary"]["copy"] == "watermarked"


def test_a_changed_or_unsigned_or_absent_file_fails_the_command(archived, tmp_path):
    changed = tmp_path / "changed.mp4"
    shutil.copy(archived.video.path, changed)
    flip_bytes_in_mdat(changed)
    unsigned = tmp_path / "notes.mp4"
    unsigned.write_bytes(b"not a video")
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "verify_credentials",
            "--json",
            archived.video.path,
            str(changed),
            str(unsigned),
            str(tmp_path / "gone.mp4"),
            stdout=out,
        )
    assert raised.value.returncode == 1
    assert str(raised.value) == "3 of 4 file(s) have no valid content credentials."
    verdicts = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [v["verdict"] for v in verdicts] == ["valid", "invalid", "missing", "missing"]
    assert verdicts[1]["reason"] == "the video was changed after it was signed"
    assert verdicts[2]["reason"] == "the file could not be read as an MP4 video"
    assert verdicts[3]["reason"] == "there is no such file"


def test_the_text_says_why_a_file_is_invalid(archived, tmp_path):
    changed = Path(tmp_path / "changed.mp4")
    shutil.copy(archived.video.path, changed)
    flip_bytes_in_mdat(changed)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_credentials", str(changed), stdout=out)
    assert out.getvalue().startswith(
        f"{changed}: INVALID (the video was changed after it was signed)"
    )


def test_unreadable_trust_anchors_are_said_in_words(settings, tmp_path):
    settings.C2PA_TRUST_ANCHORS_FILE = str(tmp_path / "missing-roots.pem")
    with pytest.raises(CommandError) as raised:
        run(str(tmp_path / "any.mp4"))
    assert str(raised.value) == "The trust anchors file could not be read."
