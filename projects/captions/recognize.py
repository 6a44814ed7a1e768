"""Captions without a script: English speech recognized by pocketsphinx
with its bundled US-English model. Shown as "Automatic — please check"."""

from .align import FRAME, decoder
from .words import Word


def recognize(pcm: bytes) -> list[Word]:
    d = decoder()
    d.start_utt()
    d.process_raw(pcm, full_utt=True)
    d.end_utt()
    if d.hyp() is None:
        return []
    words = []
    for seg in d.seg():
        if seg.word.startswith(("<", "[")) or seg.word in ("<sil>",):
            continue
        text = seg.word.split("(")[0]  # "new(2)" is the second pronunciation of "new"
        words.append(Word(text, seg.start_frame * FRAME, (seg.end_frame + 1) * FRAME))
    return words
