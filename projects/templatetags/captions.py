"""`render|caption_of`: a video's newest captions (or None), for its <track>."""

from django import template

from projects.captions.languages import LANGUAGES
from projects.captions.served import latest_caption

register = template.Library()


@register.filter
def caption_of(render_obj):
    if not getattr(render_obj, "video", None):
        return None
    return latest_caption(render_obj)


@register.filter
def language_name(code):
    return LANGUAGES.get(code, "Captions")


@register.simple_tag
def caption_languages():
    return [*LANGUAGES.items(), ("other", "Other")]
