"""`manage.py inspect_media PATH...` tells an operator whether Kling would take each file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    """Call the command; return (stdout lines, CommandError or None)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("inspect_media", *map(str, args), stdout=out)
    except CommandError as error:
        return out.getvalue().splitlines(), error
    return out.getvalue().splitlines(), None


def test_it_prints_one_json_object_per_file_with_the_measurements(media):
    portrait, voiceover = media.image(600, 800), media.tone(10, "wav")

    lines, error = run("--json", portrait, voiceover)

    assert error is None
    first, second = map(json.loads, lines)
    assert first["path"] == str(portrait)
    assert (first["kind"], first["accepted"], first["reason"]) == ("portrait", True, None)
    assert (first["format"], first["width"], first["height"]) == ("png", 600, 800)
    assert (second["kind"], second["accepted"], second["format"]) == ("voiceover", True, "wav")
    assert second["duration_seconds"] == 10.0
    assert (second["sample_rate"], second["channels"]) == (8000, 1)


def test_it_says_why_kling_would_refuse_a_file(media):
    lines, error = run("--json", media.image(280, 420), media.html("page.png"))

    small, page = map(json.loads, lines)
    assert (small["accepted"], small["refused"], small["code"]) == (False, True, "too_small")
    assert small["reason"].startswith("This photo is 280 × 420 pixels;")
    assert (page["kind"], page["accepted"], page["code"]) == (None, False, "unknown_kind")
    assert error.returncode == 1
    assert str(error) == "2 of 2 file(s) would not be accepted as they are."


def test_it_reports_a_fixable_file_as_not_accepted_and_says_what_would_change(media):
    lines, error = run(media.image(600, 800, "webp"))

    assert lines == [
        f"{media.image(600, 800, 'webp')}: portrait, not accepted as it is, fixable:"
        " Kling does not take WebP images; we can convert it to JPEG.",
        "  format=webp, width=600, height=800, bytes="
        f"{media.image(600, 800, 'webp').stat().st_size}, orientation=1, mode=RGB,"
        " has_alpha=False, has_location=False, frames=1",
        "  would: convert WebP to JPEG",
    ]
    assert error.returncode == 1


def test_it_checks_a_file_as_the_kind_it_is_told(media):
    lines, _error = run("--json", "--kind", "voiceover", media.image(600, 800))

    (result,) = map(json.loads, lines)
    assert (result["kind"], result["code"]) == ("voiceover", "not_a_voiceover")


def test_it_reports_a_missing_path(tmp_path):
    lines, error = run("--json", tmp_path / "gone.png")

    (result,) = map(json.loads, lines)
    assert (result["kind"], result["accepted"], result["code"]) == (None, False, "missing")
    assert error.returncode == 1


@pytest.mark.parametrize("accepted", [True, False])
def test_its_exit_status_is_0_only_when_every_file_is_accepted(media, accepted):
    path = media.tone(10, "mp3") if accepted else media.tone(1.9, "wav")

    completed = subprocess.run(
        [sys.executable, "manage.py", "inspect_media", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == (0 if accepted else 1), completed.stderr
    assert ("accepted" if accepted else "refused: This voiceover is 1.9 seconds long") in (
        completed.stdout
    )
