"""Putting render work on the django-q2 queue.

Tasks are named by their dotted path, so this module imports none of the
code that runs them: the services that enqueue and the tasks that run stay
free of import cycles. Enqueue only after commit, passing ids.
"""

from django_q.tasks import async_task

# Task functions stay at this path: queued tasks and the schedule name it,
# so moving it would strand whatever is in the queue during a deploy.
TASKS = "projects.tasks"


def enqueue_submit(render_id: int):
    async_task(f"{TASKS}.submit_render", render_id, task_name=f"submit-{render_id}")


def enqueue_archive(render_id: int):
    async_task(f"{TASKS}.archive_render", render_id, task_name=f"archive-{render_id}")


def enqueue_pump():
    async_task(f"{TASKS}.pump", task_name="render-pump")


def enqueue_refresh(render_id: int):
    async_task(f"{TASKS}.refresh_render", render_id)


# Created by `manage.py setup_schedules` on every deploy, and checked by /health/.
SCHEDULES = [
    {
        "name": "render-pump",
        "func": f"{TASKS}.pump",
        "schedule_type": "I",  # django_q.models.Schedule.MINUTES
        "minutes": 1,
        "repeats": -1,
    },
]
