"""What people read when Kling refuses or fails: sentences for marketers.

``describe_rejection`` turns a refusal's provider message ("Image pixel is
invalid") into a sentence that says which input was the problem;
``describe_task_failure`` does the same for a task Kling marked ``failed``
(its ``task_status_msg``). ``ADMIN_HINT`` ends every message that needs an
administrator. The fixed messages of the code table are in ``codes.py``; the
exceptions that carry these sentences are in ``errors.py``.

This module imports nothing from the package, so anything may use it.
"""

from __future__ import annotations

ADMIN_HINT = "Please tell your Avatar Studio administrator."

# The provider's words end up on screen (and in exception texts): keep them short.
MAX_QUOTED = 300

_PORTRAIT_WORDS = ("image", "picture", "photo", "pixel", "face", "portrait")
_VOICEOVER_WORDS = ("audio", "sound", "voice", "speech", "mp3", "wav")
_POLICY_WORDS = ("policy", "risk", "sensitive", "security", "inappropriate")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_QUOTED:
        text = text[: MAX_QUOTED - 1].rstrip() + "…"
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def describe_rejection(provider_message: str) -> str:
    """Turn a Kling refusal ("Image pixel is invalid") into a sentence for people."""
    detail = _sentence(provider_message or "")
    if not detail:
        return "Kling could not accept this video request."
    lowered = detail.lower()
    if any(word in lowered for word in _PORTRAIT_WORDS):
        return f"Kling could not use this photo: {detail}"
    if any(word in lowered for word in _VOICEOVER_WORDS):
        return f"Kling could not use this voiceover: {detail}"
    return f"Kling could not accept this video request: {detail}"


def describe_task_failure(status_msg: str) -> str:
    """The sentence to show for a task that Kling marked ``failed``."""
    lowered = (status_msg or "").lower()
    if any(word in lowered for word in _POLICY_WORDS):
        return "Kling declined this portrait or voiceover under its content policy" + (
            f": {_sentence(status_msg)}" if status_msg else "."
        )
    if any(word in lowered for word in _PORTRAIT_WORDS + _VOICEOVER_WORDS):
        return describe_rejection(status_msg)
    if status_msg:
        return f"Kling could not make this video: {_sentence(status_msg)}"
    return "Kling could not make this video, and did not say why."
