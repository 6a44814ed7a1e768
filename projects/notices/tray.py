"""What the bell shows: a person's unread notices, several of one kind in one
project collapsed into one line ("3 videos in “Spring launch” are ready"),
each line naming its videos and linking to them; and marking notices read
when the person opens the video they are about."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.http import urlencode

from projects.models import Notice, NoticeKind, Render, User
from projects.renders.titles import shown_title
from projects.teams.names import one_line

# Unread notices read for the bell in one query; more are counted as "99+".
TRAY_LIMIT = 100
# Videos named under a collapsed line, and lines in the bell's panel (the
# notices page has every one).
ITEMS_SHOWN = 5
LINES_SHOWN = 8

# How the gallery is filtered for a line of several videos of one kind.
GALLERY_FILTERS = {
    NoticeKind.READY: {"status": "done"},
    NoticeKind.FAILED: {"status": "failed"},
    NoticeKind.CHANGES: {"review": "changes"},
}


@dataclass
class Item:
    title: str
    url: str


@dataclass
class Line:
    """One line of the bell's panel: one notice, or several collapsed."""

    text: str
    url: str
    kind: str
    created: object
    ids: list[int]
    items: list[Item] = field(default_factory=list)
    more: int = 0

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "url": self.url,
            "kind": self.kind,
            "ids": self.ids,
            "items": [{"title": i.title, "url": i.url} for i in self.items],
            "more": self.more,
        }


def unread(user: User, limit: int = TRAY_LIMIT) -> list[Notice]:
    """The person's newest unread notices with their videos and projects."""
    return list(
        user.notices.filter(read_at__isnull=True).select_related("render__project", "project")[
            :limit
        ]
    )


def count_words(count: int, limit: int = TRAY_LIMIT) -> str:
    return f"{limit - 1}+" if count >= limit else str(count)


def bell_label(count: int) -> str:
    """The bell's accessible name: "Notices, 3 unread"."""
    return f"Notices, {count_words(count)} unread" if count else "Notices, none unread"


def _notice_url(notice: Notice) -> str:
    if notice.render_id:
        return notice.render.get_absolute_url()
    if notice.project_id:
        return notice.project.get_absolute_url()
    return ""


def _quantity(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _group_text(kind: str, project_name: str, videos: int, notices: int) -> str:
    where = f"in “{project_name}”"
    if kind == NoticeKind.READY:
        return f"{videos} videos {where} are ready"
    if kind == NoticeKind.FAILED:
        return f"{videos} videos {where} could not be made"
    if kind == NoticeKind.CHANGES:
        return f"Changes were asked for on {_quantity(videos, 'video', 'videos')} {where}"
    return (
        f"{_quantity(notices, 'client answer', 'client answers')} on "
        f"{_quantity(videos, 'video', 'videos')} {where}"
    )


def _group_url(kind: str, project) -> str:
    query = GALLERY_FILTERS.get(kind)
    base = project.get_absolute_url()
    return f"{base}?{urlencode(query)}#gallery" if query else f"{base}#gallery"


def _collapsed(notices: list[Notice]) -> Line:
    first = notices[0]
    renders: dict[int, Render] = {}
    for notice in notices:
        if notice.render_id and notice.render_id not in renders:
            renders[notice.render_id] = notice.render
    items = [Item(one_line(shown_title(r)), r.get_absolute_url()) for r in renders.values()]
    ids = [n.pk for n in notices]
    if len(renders) == 1:
        # Several notices about one video: one line that links to it.
        only = items[0]
        text = first.message
        if first.kind == NoticeKind.FEEDBACK:
            project = one_line(first.project.name)
            text = f"{len(notices)} client answers on “{only.title}” in “{project}”"
        return Line(text, only.url, first.kind, first.created, ids)
    return Line(
        text=_group_text(first.kind, one_line(first.project.name), len(renders), len(notices)),
        url=_group_url(first.kind, first.project),
        kind=first.kind,
        created=first.created,
        ids=ids,
        items=items[:ITEMS_SHOWN],
        more=max(0, len(items) - ITEMS_SHOWN),
    )


def lines(notices: list[Notice]) -> list[Line]:
    """The notices (newest first) as the bell's lines, newest first: those of
    one kind in one project collapse when there are several; "other" notices
    and notices about no project stay alone."""
    groups: dict[tuple, list[Notice]] = {}
    for notice in notices:
        alone = notice.kind == NoticeKind.OTHER or not notice.project_id
        key = ("alone", notice.pk) if alone else (notice.kind, notice.project_id)
        groups.setdefault(key, []).append(notice)
    found = []
    for group in groups.values():
        if len(group) == 1:
            notice = group[0]
            found.append(
                Line(notice.message, _notice_url(notice), notice.kind, notice.created, [notice.pk])
            )
        else:
            found.append(_collapsed(group))
    return found


def bell(user: User) -> dict:
    """What the bell shows, on every page and to its poll (one query)."""
    found = lines(unread(user))
    count = sum(len(line.ids) for line in found)
    return {
        "unread": count,
        "count": count_words(count),
        "label": bell_label(count),
        "lines": found[:LINES_SHOWN],
        "more": max(0, len(found) - LINES_SHOWN),
    }


def read_on_open(user: User, render: Render) -> int:
    """The person opened this video: their unread notices about it are read."""
    return Notice.objects.filter(user=user, render=render, read_at__isnull=True).update(
        read_at=timezone.now()
    )
