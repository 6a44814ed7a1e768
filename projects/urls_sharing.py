"""Share links and team invitations."""

urlpatterns = []
