from django.urls import path, register_converter

from projects.captions import editor_views, views


class CaptionFormat:
    regex = "vtt|srt"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CaptionFormat, "caption_format")

urlpatterns = [
    path(
        "renders/<uuid:code>/captions.<caption_format:fmt>",
        views.render_captions,
        name="render_captions",
    ),
    path(
        "renders/<uuid:code>/captions/remake/",
        views.render_captions_remake,
        name="render_captions_remake",
    ),
    path(
        "renders/<uuid:code>/captions/edit/",
        editor_views.render_captions_edit,
        name="render_captions_edit",
    ),
    path(
        "renders/<uuid:code>/captions/restore/",
        editor_views.render_captions_restore,
        name="render_captions_restore",
    ),
    path(
        "s/<str:token>/renders/<uuid:render_code>/captions.<caption_format:fmt>",
        views.share_captions,
        name="share_captions",
    ),
]
