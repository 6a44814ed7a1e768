"""The one exception this package lets out."""


class MediaRefused(Exception):
    """A portrait or voiceover that Kling would refuse and that we cannot fix.

    ``message`` is one plain sentence for the person who uploaded the file, with
    the measured numbers and the limit, sometimes followed by a short suggestion.
    ``code`` is stable and meant for programs (like ValidationError.code):

        missing, empty, too_big_to_handle, not_a_portrait, not_a_voiceover,
        unsupported_format, damaged, incomplete, too_many_pixels, animated, too_small,
        aspect_ratio, no_sound, too_short, too_long, cannot_fit, timeout,
        unavailable, crop_invalid, crop_empty, crop_outside

    ``kind`` is "portrait" or "voiceover". ``detail`` is technical context for
    operators and logs (a Pillow or ffmpeg message), never shown to the person.
    """

    def __init__(self, message, *, code, kind, detail=""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.kind = kind
        self.detail = detail

    def __repr__(self):
        return f"MediaRefused({self.message!r}, code={self.code!r}, kind={self.kind!r})"
