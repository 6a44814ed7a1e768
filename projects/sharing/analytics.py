"""What happened on a share link, for the team: openings, viewers, plays,
how much of each video people watched. Three queries however many videos
and visitors (two when the link's videos are given).

Only clients count: bots and the team's own views are never recorded
(projects/sharing/visitors.py), so every figure here is about the people the
link was sent to.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Avg, Count, Max, Q, Sum

from projects.models import Render, ShareLink, VideoWatch
from projects.sharing.services import sharelink_renders
from projects.wording import ago, quantity

# Watched this much of a video: seen to the end (the last frames of a
# talking-avatar video are often a held pose people skip).
COMPLETE = 0.95


@dataclass
class VideoFigures:
    render: Render
    viewers: int = 0  # visitors who played it
    plays: int = 0
    average: float = 0.0  # share watched, 0 to 1, over its viewers
    completed: int = 0  # viewers who watched at least COMPLETE of it

    @property
    def completion(self) -> float | None:
        return self.completed / self.viewers if self.viewers else None

    @property
    def average_percent(self) -> int:
        return round(self.average * 100)

    @property
    def completion_words(self) -> str:
        """ "3 of 5 viewers watched to the end"."""
        if not self.viewers:
            return "Nobody has played it yet"
        return f"{self.completed} of {quantity(self.viewers, 'viewer')} watched to the end"


@dataclass
class LinkFigures:
    visitors: int = 0
    opens: int = 0
    last_opened: datetime | None = None
    videos: list[VideoFigures] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """ "Opened 7 times by 3 people, last 2 hours ago."."""
        if not self.opens:
            return "Nobody has opened this link yet."
        people = "1 person" if self.visitors == 1 else f"{self.visitors} people"
        times = "once" if self.opens == 1 else f"{self.opens} times"
        return f"Opened {times} by {people}, last {ago(self.last_opened)}."

    @property
    def plays(self) -> int:
        return sum(video.plays for video in self.videos)


def link_analytics(link: ShareLink, renders=None) -> LinkFigures:
    """The link's figures, and one row per video (``renders``, in order; by
    default the videos the link shows now)."""
    renders = list(sharelink_renders(link) if renders is None else renders)
    visits = link.visitors.filter(opens__gt=0).aggregate(
        visitors=Count("pk"), opens=Sum("opens"), last=Max("last_seen")
    )
    rows = {
        row["render_id"]: row
        for row in VideoWatch.objects.filter(link=link)
        .values("render_id")
        .annotate(
            viewers=Count("pk"),
            plays=Sum("plays"),
            average=Avg("watched"),
            completed=Count("pk", filter=Q(watched__gte=COMPLETE)),
        )
        .order_by()
    }
    videos = []
    for render in renders:
        row = rows.get(render.pk)
        if row is None:
            videos.append(VideoFigures(render))
            continue
        videos.append(
            VideoFigures(
                render,
                viewers=row["viewers"],
                plays=row["plays"] or 0,
                average=row["average"] or 0.0,
                completed=row["completed"],
            )
        )
    return LinkFigures(
        visitors=visits["visitors"],
        opens=visits["opens"] or 0,
        last_opened=visits["last"],
        videos=videos,
    )
