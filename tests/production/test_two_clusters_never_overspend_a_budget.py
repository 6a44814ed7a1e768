"""Two qcluster processes racing over renders whose estimates add up to more
than the team's monthly budget: the claim locks the budget row in PostgreSQL,
so together they send no more than the budget allows and hold the rest."""

import os
from decimal import Decimal

import pytest

from projects.models import Budget, Render, RenderStatus
from projects.renders.queue import enqueue_submit
from projects.renders.services import render_create
from projects.usage.budgets import estimate
from tests.factories import portrait_asset, voiceover_asset
from tests.pipeline.conftest import wait_for

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="row locks need PostgreSQL: set DATABASE_URL=postgres://... "
        "(.ci/run's second run does)",
    ),
]

# Each render: 2 s of voiceover in standard quality, about 0.8 units. Three
# fit in 3 units (2.4); a fourth would make 3.2.
BUDGET = 3
RENDERS = 16
FIT = 3


def sent_units():
    """Units of the renders that went to Kling: Kling's figure, or the estimate."""
    sent = Render.objects.exclude(status__in=[RenderStatus.QUEUED, RenderStatus.HELD])
    return sum((estimate(r) for r in sent.select_related("voiceover")), Decimal(0))


def test_two_qclusters_racing_never_send_more_than_the_budget(
    qcluster, studio_sandbox, project, alice, team
):
    studio_sandbox.configure(task_min_seconds=1, task_max_seconds=2)
    Budget.objects.create(team=team, monthly_units=BUDGET)
    voiceover = voiceover_asset(team, project=project, seconds=2.0)
    renders = [
        render_create(
            project=project,
            created_by=alice,
            portrait=portrait_asset(team, colour=(15 * i, 70, 150)),
            voiceover=voiceover,
        )
        for i in range(RENDERS)
    ]
    # Every render is queued once; deliver each task twice more, so that both
    # clusters' workers claim renders of the same team at the same moment.
    for render in renders:
        enqueue_submit(render.pk)
        enqueue_submit(render.pk)
    # Eight workers in all: without the lock, they overspend in nearly every run.
    first, second = qcluster(Q_WORKERS="4"), qcluster(Q_WORKERS="4")
    most = []

    def settled():
        most.append(sent_units())
        statuses = list(Render.objects.values_list("status", flat=True))
        return all(s in (RenderStatus.DONE, RenderStatus.HELD) for s in statuses)

    try:
        wait_for(settled, timeout=180, interval=0.2, message="every render done or held")
    except AssertionError:
        first.kill()
        second.kill()
        raise AssertionError(first.output() + "\n----\n" + second.output())

    assert max(most) <= BUDGET, f"at one point {max(most)} units were sent"
    statuses = list(Render.objects.values_list("status", flat=True))
    assert statuses.count(RenderStatus.DONE) == FIT
    assert statuses.count(RenderStatus.HELD) == RENDERS - FIT
    charged = sum(Render.objects.filter(status=RenderStatus.DONE).values_list("units", flat=True))
    assert charged <= BUDGET
    created = [c for c in studio_sandbox.creates() if c["outcome"] == "created"]
    assert len(created) == FIT
