"""Who may take a case's transitions: the `permission=` of every @transition in this app.

partnerships.permissions reads these declarations (and their refusals) to answer "may this user
do X, and if not why"; views and templates ask it, never these objects directly."""

from django.utils.translation import gettext_lazy as _

from norec.core.fsm import RolePermission


def _case_of(instance):
    # A case's own transitions get the case; its application's and reports' get the document.
    return getattr(instance, "partnership", instance)


def is_case_adviser(instance, user) -> bool:
    return _case_of(instance).has_adviser(user)


def is_case_contact(instance, user) -> bool:
    return _case_of(instance).has_contact(user)


def is_case_adviser_or_contact(instance, user) -> bool:
    case = _case_of(instance)
    return case.has_adviser(user) or case.has_contact(user)


CASE_ADVISER = RolePermission(is_case_adviser, _("Only the partnership's programme adviser may do this."))
CASE_CONTACT = RolePermission(is_case_contact, _("Only the partner contacts of this partnership may do this."))
CASE_ADVISER_OR_CONTACT = RolePermission(
    is_case_adviser_or_contact,
    _("Only the partnership's programme adviser and its partner contacts may do this."),
)
