from .projects import Project
from .teams import Membership, Team, User

__all__ = ["Membership", "Project", "Team", "User"]
