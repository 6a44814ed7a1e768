"""/health/ for load balancers and monitors: ``checks`` builds the report,
``http`` answers it (a view, and a middleware that answers before host checks)."""
