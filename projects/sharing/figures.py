"""A project's links with their figures, for the links page: how many videos
each shows, how often it was opened, by how many people, and how many
comments clients left. One query however many links: each figure is a
subquery (joins would multiply each other's rows)."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from projects.models import Comment, LinkVisitor, Project, SharedVideo, ShareLink


def _per_link(rows, figure):
    """``figure`` over ``rows`` of the outer link, 0 when there are none."""
    grouped = rows.filter(link=OuterRef("pk")).order_by().values("link")
    return Coalesce(
        Subquery(grouped.annotate(n=figure).values("n")[:1], output_field=IntegerField()), 0
    )


def links_with_figures(project: Project):
    """The project's links, newest first, each with ``video_count``,
    ``opens``, ``viewers`` (visitors who opened it at least once) and
    ``client_comments``."""
    comments = (
        Comment.objects.filter(share_link=OuterRef("pk"), visitor__isnull=False)
        .order_by()
        .values("share_link")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        ShareLink.objects.filter(project=project)
        .annotate(
            video_count=_per_link(SharedVideo.objects.all(), Count("pk")),
            opens=_per_link(LinkVisitor.objects.all(), Sum("opens")),
            viewers=_per_link(LinkVisitor.objects.all(), Count("pk", filter=Q(opens__gt=0))),
            client_comments=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
        )
        .order_by("-created")
    )
