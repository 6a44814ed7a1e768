"""The player's JavaScript in a real Chromium: seeking from a comment,
pinning a comment to the current moment, and playing two versions in step."""

import subprocess

import imageio_ffmpeg
import pytest
from django.core.files.base import ContentFile


@pytest.fixture
def page(browser):
    # The site sends a strict CSP; the test's own probes (wait_for_function) need eval.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def video_bytes(tmp_path_factory):
    """A 4-second MP4 with sound, and a poster, made once with ffmpeg."""
    folder = tmp_path_factory.mktemp("videos")
    path = folder / "video.mp4"
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run(
        [
            ffmpeg, "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x320:rate=25:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-i", str(path), "-frames:v", "1", str(folder / "p.jpg")],
        check=True,
        timeout=60,
    )
    return path.read_bytes(), (folder / "p.jpg").read_bytes()


@pytest.fixture
def with_video(video_bytes):
    """Give a render real files, as the archiver would."""

    def attach(render):
        video, poster = video_bytes
        render.video.save("video.mp4", ContentFile(video), save=False)
        render.poster.save("poster.jpg", ContentFile(poster), save=False)
        if render.watermarked_video:
            # Watch-only links play this copy: it must be a real video too.
            render.watermarked_video.save("watermarked.mp4", ContentFile(video), save=False)
        render.save(update_fields=["video", "poster", "watermarked_video"])
        return render

    return attach


def log_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
