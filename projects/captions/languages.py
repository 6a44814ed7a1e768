"""The languages a voiceover's script can be in, by their names for people."""

LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
}  # fmt: skip
