"""Two qcluster processes sharing PostgreSQL and Redis, as on two machines."""

import os
from collections import Counter

import pytest

from projects.health.checks import _live_redis_clusters
from projects.models import Render, RenderStatus
from projects.renders.queue import enqueue_submit
from projects.renders.services import render_create
from tests.factories import portrait_asset, voiceover_asset
from tests.pipeline.conftest import wait_for

SHAPED = os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(
    os.environ.get("REDIS_URL")
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not SHAPED,
        reason="the production shape only: set DATABASE_URL=postgres://... and REDIS_URL "
        "(.ci/run's second run does)",
    ),
]


def test_two_qclusters_racing_never_submit_a_render_twice(
    qcluster, studio_sandbox, project, alice, team
):
    # Slow creates widen the window in which both clusters hold the same work.
    studio_sandbox.configure(
        latency_seconds=0.4,
        latency_share=0.5,
        fault_endpoints=["create"],
        task_min_seconds=1,
        task_max_seconds=2,
    )
    voiceover = voiceover_asset(team, project=project, seconds=2.0)
    renders = [
        render_create(
            project=project,
            created_by=alice,
            portrait=portrait_asset(team, colour=(20 * i, 90, 160)),
            voiceover=voiceover,
        )
        for i in range(10)
    ]
    # Each render is already queued once; deliver every task twice more, as
    # an at-least-once broker may, so both clusters get the same render.
    for render in renders:
        enqueue_submit(render.pk)
        enqueue_submit(render.pk)
    # A cluster another test just killed reports for up to 3 more seconds.
    wait_for(lambda: _live_redis_clusters() == 0, timeout=15, message="no cluster left over")
    first, second = qcluster(), qcluster()
    wait_for(lambda: _live_redis_clusters() == 2, timeout=60, message="both clusters to report")

    def all_finished():
        statuses = Render.objects.values_list("status", flat=True)
        return all(s in (RenderStatus.DONE, RenderStatus.FAILED) for s in statuses)

    try:
        wait_for(all_finished, timeout=180, interval=0.5, message="every render to finish")
    except AssertionError:
        first.kill()
        second.kill()
        raise AssertionError(first.output() + "\n----\n" + second.output())

    assert set(Render.objects.values_list("status", flat=True)) == {RenderStatus.DONE}
    created = Counter(
        c["external_task_id"] for c in studio_sandbox.creates() if c["outcome"] == "created"
    )
    assert created == Counter(r.external_task_id for r in renders)
