"""Portraits and voiceovers made on the spot with Pillow and ffmpeg, once per session."""

import io
import os
import struct
import subprocess
import tempfile
import zlib

import imageio_ffmpeg
import pytest
from PIL import ExifTags, Image

from projects.media import MediaRefused, prepare_portrait

# Hypothesis keeps a cache beside the tests unless told otherwise: keep the checkout clean.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "avatar-studio-hypothesis")
)

MB = 1024 * 1024
FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()

# ffmpeg output options per container; the sound is made by lavfi sources.
AUDIO_FORMATS = {
    "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
    "wav-adpcm": ["-c:a", "adpcm_ms", "-f", "wav"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3"],  # CBR, with a Xing/Info header
    "mp3-160k": ["-c:a", "libmp3lame", "-b:a", "160k", "-f", "mp3"],
    "mp3-vbr-no-xing": ["-c:a", "libmp3lame", "-q:a", "4", "-write_xing", "0", "-f", "mp3"],
    "m4a": ["-c:a", "aac", "-b:a", "32k", "-f", "ipod"],
    "aac": ["-c:a", "aac", "-b:a", "32k", "-f", "adts"],
    "ogg": ["-c:a", "libvorbis", "-f", "ogg"],
    "opus": ["-c:a", "libopus", "-b:a", "32k", "-f", "ogg"],
    "flac": ["-c:a", "flac", "-f", "flac"],
    "webm": ["-c:a", "libopus", "-b:a", "32k", "-f", "webm"],
}
EXTENSIONS = {"mp3-vbr-no-xing": "mp3", "mp3-160k": "mp3", "wav-adpcm": "wav"}


def ffmpeg(*args):
    subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-y", *args], check=True)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class MediaFactory:
    """Makes test files in one directory, each at most once per session."""

    def __init__(self, directory):
        self.directory = directory
        self._made = {}

    def _once(self, name, make):
        if name not in self._made:
            path = self.directory / name
            make(path)
            self._made[name] = path
        return self._made[name]

    # --- images ---------------------------------------------------------------

    def image(self, width, height, fmt="png", *, mode="RGB", name=None, **save):
        """A two-colour image: red on the left half, blue on the right."""

        def make(path):
            red, blue = ("red", "blue") if mode != "RGBA" else ((255, 0, 0, 255), (0, 0, 255, 255))
            image = Image.new(mode, (width, height), red)
            image.paste(blue, (width // 2, 0, width, height))
            image.save(path, fmt.upper(), **save)

        name = name or f"{width}x{height}-{mode}.{fmt}"
        return self._once(name, make)

    def noise_png(self, width, height):
        """Random pixels: a PNG that no lossless compression can shrink."""

        def make(path):
            image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
            image.save(path, "PNG", compress_level=1)

        return self._once(f"noise-{width}x{height}.png", make)

    def padded_png(self, total_bytes):
        """A 600 × 800 PNG padded with a private ancillary chunk to exactly `total_bytes`."""

        def make(path):
            base = self.image(600, 800).read_bytes()
            header_end = 8 + 25  # signature, then IHDR (4 length + 4 type + 13 data + 4 CRC)
            padding = total_bytes - len(base) - 12  # a chunk costs 12 bytes beyond its data
            chunk = png_chunk(b"pdDg", b"\x00" * padding)
            path.write_bytes(base[:header_end] + chunk + base[header_end:])
            assert path.stat().st_size == total_bytes

        return self._once(f"padded-{total_bytes}.png", make)

    def pixel_bomb(self, width, height):
        """A small but valid greyscale PNG of `width` × `height` black pixels."""

        def make(path):
            compressor = zlib.compressobj(9)
            row = b"\x00" * (width + 1)  # filter byte, then one byte per pixel
            idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
            ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
            path.write_bytes(
                b"\x89PNG\r\n\x1a\n"
                + png_chunk(b"IHDR", ihdr)
                + png_chunk(b"IDAT", idat)
                + png_chunk(b"IEND", b"")
            )

        return self._once(f"bomb-{width}x{height}.png", make)

    def jpeg_with_exif(self, width, height, *, orientation=None, gps=False):
        def make(path):
            exif = Image.Exif()
            exif[ExifTags.Base.Make] = "Avatar Studio test camera"
            if orientation:
                exif[ExifTags.Base.Orientation] = orientation
            if gps:
                exif[ExifTags.IFD.GPSInfo] = {
                    ExifTags.GPS.GPSLatitudeRef: "N",
                    ExifTags.GPS.GPSLatitude: (52.0, 22.0, 30.0),
                    ExifTags.GPS.GPSLongitudeRef: "E",
                    ExifTags.GPS.GPSLongitude: (4.0, 53.0, 40.0),
                }
            image = Image.open(self.image(width, height, "jpeg", quality=90))
            image.save(path, "JPEG", quality=90, exif=exif)

        return self._once(f"exif-{width}x{height}-{orientation}-{gps}.jpg", make)

    def gif(self, width, height, *, frames=1):
        def make(path):
            images = [
                Image.new("P", (width, height), index % 2).convert("P") for index in range(frames)
            ]
            images[0].save(path, "GIF", save_all=frames > 1, append_images=images[1:])

        return self._once(f"{width}x{height}-{frames}.gif", make)

    def mpo(self, width, height):
        """A phone's multi-picture JPEG: the photo, then a second picture."""

        def make(path):
            first = Image.open(self.image(width, height, "jpeg"))
            second = Image.new("RGB", (width, height), "green")
            first.save(path, "MPO", save_all=True, append_images=[second])

        return self._once(f"{width}x{height}.mpo", make)

    def truncated(self, path, keep=0.5, *, drop=None):
        """The first `keep` of the file, or all of it but the last `drop` bytes."""

        def make(target):
            data = path.read_bytes()
            target.write_bytes(data[: len(data) - drop] if drop else data[: int(len(data) * keep)])

        return self._once(f"truncated-{drop or keep}-{path.name}", make)

    def named(self, path, name):
        """The same bytes under another name (another extension)."""
        return self._once(name, lambda target: target.write_bytes(path.read_bytes()))

    def html(self, name):
        page = b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>\n"
        return self._once(name, lambda target: target.write_bytes(page * 100))

    # --- sound ----------------------------------------------------------------

    def tone(self, seconds, fmt="wav", *, rate=8000, channels=1):
        """A sine tone of exactly `seconds` seconds."""

        def make(path):
            source = f"sine=frequency=440:sample_rate={rate}:duration={seconds}"
            ffmpeg("-f", "lavfi", "-i", source, "-ac", str(channels), *AUDIO_FORMATS[fmt], path)

        extension = EXTENSIONS.get(fmt, fmt)
        return self._once(f"tone-{seconds}s-{rate}-{channels}-{fmt}.{extension}", make)

    def quiet_then_loud(self, quiet, loud, fmt, *, rate=44100):
        """Silence, then noise (or the reverse if `quiet` is negative): a bitrate that jumps."""

        def make(path):
            silence = f"anullsrc=r={rate}:cl=mono:d={abs(quiet)}"
            noise = f"anoisesrc=r={rate}:a=0.5:d={loud}"
            first, second = (silence, noise) if quiet > 0 else (noise, silence)
            ffmpeg(
                "-f", "lavfi", "-i", first, "-f", "lavfi", "-i", second,
                "-filter_complex", "[0:a][1:a]concat=n=2:v=0:a=1[out]", "-map", "[out]",
                "-ac", "1", *AUDIO_FORMATS[fmt], path,
            )  # fmt: skip

        extension = EXTENSIONS.get(fmt, fmt)
        return self._once(f"jump-{quiet}-{loud}-{fmt}.{extension}", make)

    def mp3_with_tag(self, total_bytes, *, seconds=30):
        """A 128 kbps MP3 behind an ID3v2 tag padded to make the file exactly `total_bytes`."""

        def make(path):
            sound = self.directory / f"tone-{seconds}s-128k.mp3"
            if not sound.exists():
                ffmpeg(
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                    "-c:a", "libmp3lame", "-b:a", "128k", sound,
                )  # fmt: skip
            audio = sound.read_bytes()
            body = total_bytes - 10 - len(audio)
            size = bytes((body >> shift) & 0x7F for shift in (21, 14, 7, 0))  # syncsafe
            path.write_bytes(b"ID3\x04\x00\x00" + size + b"\x00" * body + audio)
            assert path.stat().st_size == total_bytes

        return self._once(f"tagged-{total_bytes}.mp3", make)

    def video(self, seconds, *, sound=True):
        def make(path):
            inputs = ["-f", "lavfi", "-i", f"color=c=blue:s=320x240:r=10:d={seconds}"]
            if sound:
                inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
                codecs = ["-c:v", "mpeg4", "-c:a", "aac", "-b:a", "32k"]
            else:
                codecs = ["-c:v", "mpeg4"]
            ffmpeg(*inputs, *codecs, "-f", "mp4", path)

        return self._once(f"video-{seconds}s-{sound}.mp4", make)

    def bytes_file(self, name, data):
        path = self.directory / name
        path.write_bytes(data)
        return path


@pytest.fixture(scope="session")
def media(tmp_path_factory):
    return MediaFactory(tmp_path_factory.mktemp("media"))


@pytest.fixture
def workdir(tmp_path):
    return tmp_path / "work"


def decoded_image(path):
    with Image.open(path) as image:
        image.load()
        return image.copy(), image.format, image.getexif(), dict(image.info)


def portrait_refusal(path, workdir):
    """The MediaRefused that prepare_portrait refuses ``path`` with."""
    with pytest.raises(MediaRefused) as caught:
        prepare_portrait(path, workdir)
    assert caught.value.kind == "portrait"
    return caught.value


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
