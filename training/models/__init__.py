from training.models.kinds import CourseKind, CourseLanguage
from training.models.sessions import CourseSession, Venue

__all__ = ["CourseKind", "CourseLanguage", "CourseSession", "Venue"]
