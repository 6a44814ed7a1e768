"""The whole path through real qcluster processes and the sandbox over HTTP."""

from pathlib import Path

import pytest

from projects.credentials.signing import read_credentials
from projects.models import CredentialsState, Render, RenderStatus
from projects.renders.archiving import probe_video
from projects.renders.services import render_create
from tests.factories import portrait_asset, voiceover_asset
from tests.pipeline.conftest import wait_for

pytestmark = pytest.mark.worker


@pytest.fixture
def inputs(team, project):
    return {
        "portrait": portrait_asset(team, project=project),
        "voiceover": voiceover_asset(team, project=project, seconds=3.0),
    }


def test_a_render_goes_from_queued_to_done_with_a_playable_archive(
    qcluster, studio_sandbox, project, alice, inputs
):
    studio_sandbox.configure(task_min_seconds=5, task_max_seconds=5, processing_after=0.3)
    cluster = qcluster()
    render = render_create(project=project, created_by=alice, **inputs)
    seen = []

    def finished():
        status = Render.objects.values_list("status", flat=True).get(pk=render.pk)
        if not seen or seen[-1] != status:
            seen.append(status)
        return status in (RenderStatus.DONE, RenderStatus.FAILED)

    try:
        wait_for(finished, timeout=90, interval=0.1, message="render to finish")
    except AssertionError:
        cluster.kill()
        raise AssertionError(f"saw {seen}; cluster said:\n{cluster.output()}")
    render.refresh_from_db()
    assert render.status == RenderStatus.DONE, (render.failure_reason, cluster.output())
    for status in ("submitted", "processing", "done"):
        assert status in seen, seen
    assert seen.index("submitted") < seen.index("processing") < seen.index("done")
    assert abs(probe_video(render.video.path)["duration"] - 3.0) < 0.3
    assert render.poster
    # Signed by the worker with the development chain, and read back valid.
    assert render.credentials_state == CredentialsState.SELF_SIGNED, render.credentials_error
    found = read_credentials(Path(render.video.path))
    assert found.valid and found.summary["kling_task_id"] == render.task_id


def test_faults_end_every_render_done_or_failed_with_the_reason(
    qcluster, studio_sandbox, project, alice, team, inputs
):
    studio_sandbox.configure(
        rate_limit_share=0.2,
        retry_after=1,
        error_share=0.15,
        latency_seconds=0.5,
        latency_share=0.3,
        drop_after_create_share=0.2,
        concurrency_limit=2,
        fail_share=0.2,
        task_min_seconds=1.5,
        task_max_seconds=3,
    )
    renders = [
        render_create(
            project=project,
            created_by=alice,
            portrait=portrait_asset(team, colour=(i * 30, 80, 140)),
            voiceover=inputs["voiceover"],
        )
        for i in range(6)
    ]
    qcluster()

    def all_finished():
        statuses = list(Render.objects.values_list("status", flat=True))
        return all(s in (RenderStatus.DONE, RenderStatus.FAILED) for s in statuses)

    # A render unlucky with the random faults backs off exponentially (a
    # sixth failure in a row waits up to 128 s): give it time to get through.
    wait_for(all_finished, timeout=420, interval=0.5, message="every render to finish")
    for render in renders:
        render.refresh_from_db()
        if render.status == RenderStatus.FAILED:
            assert render.failure_reason
        else:
            assert render.video
    created = [c["external_task_id"] for c in studio_sandbox.creates() if c["outcome"] == "created"]
    assert len(created) == len(set(created)), "a render was created twice at Kling"


def test_a_killed_worker_never_makes_kling_charge_twice(
    qcluster, studio_sandbox, project, alice, team, inputs
):
    # Slow creates, so that the kill lands while requests are in flight.
    studio_sandbox.configure(
        latency_seconds=1.5,
        latency_share=1.0,
        fault_endpoints=["create"],
        task_min_seconds=1,
        task_max_seconds=2,
    )
    renders = [
        render_create(
            project=project,
            created_by=alice,
            portrait=portrait_asset(team, colour=(200, i * 40, 60)),
            voiceover=inputs["voiceover"],
        )
        for i in range(4)
    ]
    first = qcluster()
    wait_for(lambda: studio_sandbox.creates(), timeout=60, message="a create to reach the sandbox")
    first.kill()
    studio_sandbox.configure(latency_share=0.0)
    qcluster()

    def all_done():
        return not Render.objects.exclude(status=RenderStatus.DONE).exists()

    wait_for(all_done, timeout=180, interval=0.5, message="every render to be done")
    created = [c["external_task_id"] for c in studio_sandbox.creates() if c["outcome"] == "created"]
    assert sorted(created) == sorted(r.external_task_id for r in renders)
