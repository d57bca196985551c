"""Who may give a case to another programme adviser, and why not."""

from django.utils.translation import gettext as _

from partnerships.models import Partnership


def may_reassign_cases(user) -> bool:
    """The head of programme (an active adviser with the flag) gives cases to other advisers."""
    return bool(user.is_authenticated and user.leads_programme)


def reassign_refusals(case: Partnership, *, to, by) -> list[str]:
    """Why `by` may not give `case` to `to` ([] when she may)."""
    if not may_reassign_cases(by):
        return [_("Only the head of programme gives a case to another adviser.")]
    if not case.is_open:
        return [_("The case is closed (“%(phase)s”): its adviser stays.") % {"phase": case.get_phase_display()}]
    if not (to.is_active and to.is_adviser):
        return [_("%(name)s is not an active programme adviser.") % {"name": to.full_name or to.email}]
    if to.pk == case.adviser_id:
        return [_("%(name)s is already this case's adviser.") % {"name": to.full_name or to.email}]
    return []
