"""ffmpeg reads a downloaded video as an MP4 and nothing else: a playlist
saved as video.mp4 cannot make it read other files."""

import subprocess

import imageio_ffmpeg
import pytest

from projects.renders.archiving import ArchiveError, make_poster, probe_video


def ffmpeg(*args):
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-v", "error", "-y", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


@pytest.fixture
def other_video(tmp_path):
    """A real, playable H.264 MP4 that is not the download."""
    path = tmp_path / "other.mp4"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
    )  # fmt: skip
    return path


def test_a_real_mp4_is_still_read(other_video, tmp_path):
    assert abs(probe_video(other_video)["duration"] - 1.0) < 0.2
    make_poster(other_video, tmp_path / "poster.jpg", 0.5)
    assert (tmp_path / "poster.jpg").stat().st_size > 0


def test_an_ffconcat_list_saved_as_video_mp4_is_not_a_playable_video(other_video, tmp_path):
    download = tmp_path / "video.mp4"
    download.write_text(f"ffconcat version 1.0\nfile {other_video.name}\nduration 1.0\n")

    with pytest.raises(ArchiveError, match="not a playable H.264 video"):
        probe_video(download)


def test_no_poster_is_made_from_a_file_an_ffconcat_list_names(tmp_path):
    secret = tmp_path / "secret.png"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=64x64:rate=1:duration=1", "-frames:v", "1", str(secret)
    )
    download = tmp_path / "video.mp4"
    download.write_text(f"ffconcat version 1.0\nfile {secret.name}\n")
    poster = tmp_path / "poster.jpg"

    with pytest.raises(subprocess.CalledProcessError):
        make_poster(download, poster, 0.0)
    assert not poster.exists()
