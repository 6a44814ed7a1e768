"""The skeleton portraits and voiceovers share: the steps, their order, the results.

Both kinds go through the same steps, in this order:

1. size: the file exists, is not empty and is not too big to handle (file_size);
2. sniffing: its first bytes say what it is (sniffed), and the kind refuses what
   is not its own;
3. measuring: decode or probe it, refusing a damaged file (measure);
4. checking: refuse what no conform can fix (check);
5. changes: what prepare would do (changes) and why Kling would not take the
   file as it is (why_not_accepted);
6. conforming: re-encode or transcode, with a note for each change (conform).

Inspection.inspect() runs steps 1 to 5 and returns a PortraitInfo or a
VoiceoverInfo; Inspection.prepare() runs 1 to 6 and returns a Prepared. A kind
subclasses Inspection and fills in steps 2 to 6: PortraitInspection in
portrait.py, VoiceoverInspection in voiceover.py. The refusals both kinds give
(missing, empty, too big to handle, damaged) are built here, from the words and
the limit the subclass gives.
"""

import dataclasses
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from . import wording
from .errors import MediaRefused
from .limits import CONTENT_TYPES, EXTENSIONS, MAX_INPUT_BYTES
from .results import Prepared, sha256_of
from .sniff import sniff


class Inspection:
    """The steps every portrait or voiceover goes through; a subclass fills in its own.

    A subclass sets the class attributes below and the ``max_bytes`` property,
    and implements measure() (or opened()), check(), changes(),
    why_not_accepted() and conform().
    """

    kind = ""  # "portrait" or "voiceover": MediaRefused.kind and Prepared.kind
    info = None  # what inspect() returns: PortraitInfo or VoiceoverInfo
    # The words of the shared refusals. For portraits:
    needs = ""  # "a JPEG or PNG photo": "This file is empty; Kling needs a JPEG or PNG photo."
    noun = ""  # "photo": "... and Kling needs a photo of at most 10 MB."
    medium = ""  # "image": "it starts like a JPEG image, but we could not decode it ..."
    smaller = ""  # the suggestion for a file too big to handle: "Try a smaller export."

    @property
    def max_bytes(self):
        """Kling's size limit for this kind, in bytes."""
        raise NotImplementedError

    # --- The flow ------------------------------------------------------------------

    def inspect(self, path):
        """Measure the file at `path` and say whether Kling would take it. Never raises."""
        path = Path(path)
        measured = None
        try:
            measured = self.measure(path)
            self.check(measured)
        except MediaRefused as refusal:
            fields = _shared(measured, self.info) if measured else _bytes_only(path)
            return self.info(
                path=path,
                accepted=False,
                conformable=False,
                refused=True,
                reason=refusal.message,
                code=refusal.code,
                **fields,
            )
        reason = self.why_not_accepted(measured)
        return self.info(
            path=path,
            accepted=reason is None,
            conformable=reason is not None,
            refused=False,
            reason=reason,
            code="conformable" if reason else None,
            changes=tuple(phrase for _code, phrase in self.changes(measured)),
            **_shared(measured, self.info),
        )

    def prepare(self, path, workdir):
        """Check the file at `path`, conform it if needed, and describe the final file.

        Returns a Prepared whose path is `path` itself when nothing had to
        change, or a new file in `workdir` (created if missing). Raises
        MediaRefused, and nothing else, when Kling would refuse the file and we
        cannot fix it.
        """
        path = Path(path)
        with self.opened(path) as (measured, source):
            self.check(measured)
            changes = dict(self.changes(measured))
            if not changes:
                return self.result(path, measured, changed=False)
            return self.conform(path, measured, source, changes, workdir)

    # --- The steps a kind fills in -------------------------------------------------

    def measure(self, path):
        """Sizes, sniffs and measures the file (a dataclass), or raises MediaRefused."""
        raise NotImplementedError

    @contextmanager
    def opened(self, path):
        """Yield (measured, source): source is what conform() works from, if not the path.

        Portraits yield the decoded image, kept open while it is conformed.
        """
        yield self.measure(path), None

    def check(self, measured):
        """Raise MediaRefused for what no conform can fix."""
        raise NotImplementedError

    def changes(self, measured):
        """What prepare() would do, as (code, phrase) pairs; empty if nothing."""
        raise NotImplementedError

    def why_not_accepted(self, measured):
        """A sentence on why Kling would not take this file as it is, or None."""
        raise NotImplementedError

    def conform(self, path, measured, source, changes, workdir):
        """Make the file Kling accepts, in `workdir`, and return its Prepared."""
        raise NotImplementedError

    # --- The size and sniffing steps -----------------------------------------------

    def file_size(self, path):
        """The size of the file at `path`; refuses it when missing, empty or too big to handle."""
        try:
            size = os.stat(path).st_size
        except OSError as error:
            raise self.refusal("We could not find this file.", "missing", detail=str(error))
        if size == 0:
            raise self.refusal(
                f"This file is empty; Kling needs {self.needs}.",
                "empty",
                suggestion="Try uploading it again.",
            )
        if size > MAX_INPUT_BYTES:
            raise self.refusal(
                f"This file is {wording.size(size, limit=MAX_INPUT_BYTES)}; we can take files up"
                f" to {wording.limit_size(MAX_INPUT_BYTES)}, and Kling needs a {self.noun} of at"
                f" most {wording.limit_size(self.max_bytes)}.",
                "too_big_to_handle",
                suggestion=self.smaller,
            )
        return size

    def sniffed(self, path):
        """What the file's first bytes say it is (a sniff.Sniffed), or a refusal."""
        try:
            return sniff(path)
        except OSError as error:
            raise self.refusal("We could not read this file.", "missing", detail=str(error))

    # --- Refusals ------------------------------------------------------------------

    def refusal(self, message, code, *, suggestion="", detail=""):
        """A MediaRefused of this kind: `message`, then `suggestion` if any."""
        text = f"{message} {suggestion}" if suggestion else message
        return MediaRefused(text, code=code, kind=self.kind, detail=detail)

    def damaged(self, detail, fmt=None):
        """The refusal for a file that could not be decoded (that starts like `fmt`)."""
        if fmt:
            sentence = (
                "This file seems damaged: it starts like"
                f" {wording.with_article(wording.label(fmt))} {self.medium}, but we could not"
                " decode it to the end."
            )
        else:
            sentence = "This file seems damaged: we could not decode it to the end."
        return self.refusal(
            sentence, "damaged", suggestion="Try exporting it again.", detail=detail
        )

    # --- Results -------------------------------------------------------------------

    def result(self, path, measured, *, changed, notes=()):
        """The Prepared for the file at `path`, as `measured` describes it."""
        return self.prepared(path, changed=changed, notes=notes, **_shared(measured, Prepared))

    def prepared(self, path, *, changed, notes=(), **fields):
        """The Prepared for the file at `path`: `fields` has its format, bytes and measures."""
        fmt = fields["format"]
        return Prepared(
            kind=self.kind,
            path=path,
            changed=changed,
            content_type=CONTENT_TYPES[fmt],
            extension=EXTENSIONS[fmt],
            sha256=sha256_of(path),
            notes=list(notes),
            **fields,
        )

    def new_file(self, workdir, extension):
        """A new empty file in `workdir` (created if missing), for the conformed file."""
        os.makedirs(workdir, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f"{self.kind}-", suffix=extension, dir=workdir)
        os.close(handle)
        return Path(name)


def _shared(measured, result_class):
    """The fields of `measured` that `result_class` also has, by name."""
    names = {field.name for field in dataclasses.fields(result_class)}
    return {
        field.name: getattr(measured, field.name)
        for field in dataclasses.fields(measured)
        if field.name in names
    }


def _bytes_only(path):
    """What a refusal before measuring still tells: the size and the sniffed format."""
    try:
        return {"bytes": os.stat(path).st_size, "format": sniff(path).format}
    except OSError:
        return {}
