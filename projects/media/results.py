"""What inspect_* and prepare_* return: PortraitInfo, VoiceoverInfo and Prepared.

inspection.py fills them in, the same way for both kinds.
"""

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class _Info:
    """The fields both kinds of Info share, in this order (PortraitInfo says what they mean)."""

    path: Path
    accepted: bool
    conformable: bool
    refused: bool
    reason: str | None = None
    code: str | None = None
    changes: tuple[str, ...] = ()
    kind: str = ""  # each kind sets its own; the field keeps this place in the order
    format: str | None = None
    bytes: int | None = None

    def as_dict(self):
        """JSON-ready: paths as strings, tuples as lists."""
        data = dataclasses.asdict(self)
        data["path"] = str(self.path)
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in data.items()}  # fmt: skip


@dataclass(frozen=True)
class PortraitInfo(_Info):
    """What inspect_portrait() measured.

    `accepted`: Kling would take this very file. `refused`: it would not, and
    prepare_portrait() cannot fix it (`reason` says why, `code` as in
    MediaRefused). `conformable`: Kling would not take it as it is, but
    prepare_portrait() can fix it (`reason` says what is wrong). `changes` lists
    what prepare_portrait() would do, even to an accepted file (rotating it
    upright, removing its location data). Measurements are None when the file
    could not be read that far. `width` and `height` are as displayed, after
    the EXIF orientation.
    """

    kind: str = "portrait"
    width: int | None = None
    height: int | None = None
    orientation: int | None = None  # EXIF orientation, 1 (upright) to 8
    has_location: bool | None = None  # GPS coordinates in EXIF or XMP
    has_alpha: bool | None = None  # some pixel is not fully opaque
    frames: int | None = None
    mode: str | None = None  # Pillow's mode: "RGB", "RGBA", "L", "P", "CMYK", ...


@dataclass(frozen=True)
class VoiceoverInfo(_Info):
    """What inspect_voiceover() measured; `accepted`, `conformable`, `refused`,
    `reason`, `code` and `changes` as in PortraitInfo.

    `duration_seconds` comes from decoding the whole file with ffmpeg, so it is
    exact also where the header only gives an estimate (`header_seconds`, from
    mutagen). If decoding stopped at limits.DECODE_CAP_SECONDS it is a lower bound
    or the header's estimate, and `duration_exact` is False.
    """

    kind: str = "voiceover"
    duration_seconds: float | None = None
    duration_exact: bool | None = None
    header_seconds: float | None = None
    codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bitrate: int | None = None  # bits per second
    has_video: bool | None = None


@dataclass(frozen=True)
class Prepared:
    """A portrait or voiceover that Kling accepts, ready to be saved.

    `path` is the original file when nothing had to change (`changed` is False),
    otherwise a new file in the work directory, which the caller owns. `notes`
    are plain sentences saying what was done, for the person who uploaded it.
    Portrait fields (`width`, `height`) or voiceover fields (`duration_seconds`,
    `sample_rate`, `channels`, `bitrate`) describe the final file; the others
    are None.
    """

    kind: str
    path: Path
    changed: bool
    format: str  # "jpeg", "png", "mp3", "wav", "m4a" or "aac"
    content_type: str
    extension: str  # with its dot: ".jpg"
    bytes: int
    sha256: str
    notes: list[str] = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bitrate: int | None = None


def sha256_of(path):
    """The file's SHA-256, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fp:
        for block in iter(lambda: fp.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
