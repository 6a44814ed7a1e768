"""Reviews, comments, versions and usage."""

urlpatterns = []
