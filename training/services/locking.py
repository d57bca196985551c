"""The training app's one lock: the session's row, taken before anything else."""

from django.utils.translation import gettext as _

from norec.core.fsm import TransitionRefused
from training.models import CourseSession


def lock_session(session: CourseSession, *, expected_revision: int | None = None) -> CourseSession:
    """Lock and re-read the session; refuse if someone changed it since the page was read."""
    fresh = CourseSession.objects.select_for_update(of=("self",)).select_related("venue").get(pk=session.pk)
    if expected_revision is not None and fresh.revision != expected_revision:
        raise TransitionRefused([_("Someone else changed this session meanwhile. Reload the page to see it.")])
    return fresh
