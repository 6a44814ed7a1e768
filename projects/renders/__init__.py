"""A render's life after the form: from the queue to a video in our storage.

- ``services``: create, cancel, retry and make again (views, commands, admin).
- ``queue``: what goes on the django-q2 queue; ``projects.tasks`` runs it.
- ``submission``: send a render to Kling without ever paying twice.
- ``pause``: stop submissions while Kling refuses our keys or billing.
- ``following``: poll renders in flight, apply Kling's answers.
- ``archiving``: copy the finished video into our storage, checked.
- ``pump``: the loop that does all of the above for every render that is due.
- ``notify``: tell the person who made it that it ended.

The states and transitions themselves are on the model
(``projects.models.render_lifecycle``).
"""
