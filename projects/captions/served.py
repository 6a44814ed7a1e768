"""A video's newest captions as a file: WebVTT or SRT, named by its title."""

from django.http import HttpResponse

from projects.filenames import content_disposition, download_name
from projects.models import Caption
from projects.renders.titles import shown_title

from .formats import to_srt, to_vtt

CONTENT_TYPES = {"vtt": "text/vtt; charset=utf-8", "srt": "application/x-subrip; charset=utf-8"}
WRITERS = {"vtt": to_vtt, "srt": to_srt}


def latest_caption(render_obj) -> Caption | None:
    return render_obj.captions.order_by("-version").first()


def caption_response(render_obj, fmt: str, download: bool) -> HttpResponse | None:
    caption = latest_caption(render_obj)
    if caption is None:
        return None
    response = HttpResponse(WRITERS[fmt](caption.cues), content_type=CONTENT_TYPES[fmt])
    name = download_name(shown_title(render_obj), fmt, note="captions")
    response["Content-Disposition"] = content_disposition(name, download)
    response["X-Content-Type-Options"] = "nosniff"
    return response
