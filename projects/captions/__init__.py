"""Captions for finished videos: words timed to the audio, cut into cues,
written as WebVTT and SRT. See docs/architecture.md."""
