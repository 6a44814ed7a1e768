"""The embed code of each video of a share link, for the team's link page."""

from django import template

from projects.links import absolute_url
from projects.renders.titles import shown_title
from projects.sharing.embeds import embed_code, embed_path

register = template.Library()


@register.simple_tag(takes_context=True)
def embed_codes(context, link, videos):
    """(render, the <iframe> HTML to paste) for each video; nothing for a
    link whose address cannot be shown again."""
    token = link.token()
    if token is None:
        return []
    request = context.get("request")
    return [
        (render, embed_code(absolute_url(embed_path(token, render), request), shown_title(render)))
        for render in videos
    ]
