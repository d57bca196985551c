"""May this person do this to this case, and if not, why: one answer for views, templates, the
case page's CaseRules and the services' refusals."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from norec.core import fsm
from partnerships.models import (
    PartnerOrganisation,
    Partnership,
)
from partnerships.permissions.base import (
    CaseAction,
    application_of,
    pending_final_report,
    signable_organisations,
    state_refusals,
    transition_refusal_reasons,
)
from partnerships.permissions.prepared import OTHER_CHECKS, check_sign_agreement

# Actions that are exactly one FSM transition: (on the case, its application or its submitted
# final report; transition name).
_CASE, _APPLICATION, _REPORT = "case", "application", "report"


_TRANSITION_ACTIONS = {
    CaseAction.START_APPLICATION: (_CASE, "start_application"),
    CaseAction.WITHDRAW: (_CASE, "withdraw"),
    CaseAction.TERMINATE: (_CASE, "terminate"),
    CaseAction.SUBMIT_APPLICATION: (_APPLICATION, "submit"),
    CaseAction.RETURN_APPLICATION: (_APPLICATION, "return_for_revision"),
    CaseAction.APPROVE_APPLICATION: (_APPLICATION, "approve"),
    CaseAction.DECLINE_APPLICATION: (_APPLICATION, "decline"),
    CaseAction.RETURN_FINAL_REPORT: (_REPORT, "return_for_revision"),
    CaseAction.ACCEPT_FINAL_REPORT: (_REPORT, "accept"),
}


def get_case_for_user(user, pk: int, *, queryset=None) -> Partnership:
    """The case if the user may see it; 404 for 'does not exist' and 'not yours' alike. A page
    that reads more of the case passes its `queryset` (of Partnership) to load it with."""
    cases = (queryset if queryset is not None else Partnership.objects).visible_to(user)
    return get_object_or_404(cases.select_related("adviser"), pk=pk)


def can_list_cases(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_adviser or user.is_partner_contact))


def can_open_cases(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def open_case_refusals(user) -> list[str]:
    return [] if can_open_cases(user) else [str(_("Only programme advisers may open a partnership case."))]


def refusal_reasons(
    case: Partnership, action: CaseAction, user, *, targets: dict | None = None, **details
) -> list[str]:
    """Why `user` may not take `action` on `case` now ([] = allowed).

    `details` narrow some actions: organisation= for RECORD_PRE_STUDY and SIGN_AGREEMENT (and
    with_copy=True when a signed copy is uploaded). `targets` keeps the documents the actions act
    on (the application, the pending report) between questions about the same case."""
    action = CaseAction(action)
    if action in _TRANSITION_ACTIONS:
        target, transition_name = _TRANSITION_ACTIONS[action]
        instance = _transition_target(case, target, targets)
        if instance is None:
            return _no_target(case, target, action)
        return transition_refusal_reasons(instance, transition_name, user)
    return OTHER_CHECKS[action](case, user, **details)


def available_actions(case: Partnership, user) -> list[CaseAction]:
    """The actions to offer `user` on `case` now: exactly those refusal_reasons() has nothing against."""
    return CaseRules(case, user).available()


class CaseRules:
    """Every may/why about one case for one reader, each asked at most once: one per request.

    The case page asks many questions that share rules (which actions to offer, what the next
    step needs, which forms to build); this keeps each transition's conditions to one evaluation."""

    def __init__(self, case: Partnership, user):
        self.case, self.user = case, user
        self.takes_part = case.has_adviser(user) or case.has_contact(user)
        self._reasons: dict[CaseAction, list[str]] = {}
        self._signable: list[PartnerOrganisation] | None = None
        self._targets: dict = {}

    def reasons(self, action: CaseAction) -> list[str]:
        action = CaseAction(action)
        if action not in self._reasons:
            if action == CaseAction.SIGN_AGREEMENT:
                self._reasons[action] = check_sign_agreement(self.case, self.user, signable=self.signable())
            else:
                self._reasons[action] = refusal_reasons(self.case, action, self.user, targets=self._targets)
        return self._reasons[action]

    def may(self, action: CaseAction) -> bool:
        # Someone who takes no part in the case (another adviser) is offered nothing, and asks nothing.
        return self.takes_part and not self.reasons(action)

    def available(self) -> list[CaseAction]:
        return [action for action in CaseAction if self.may(action)]

    def as_dict(self) -> dict[str, bool]:
        """{action value: may}, for templates: `{% if may.sign_agreement %}`."""
        return {action.value: self.may(action) for action in CaseAction}

    def signable(self) -> list[PartnerOrganisation]:
        if self._signable is None:
            self._signable = signable_organisations(self.case, self.user)
        return self._signable

    def unmet_conditions(self, action: CaseAction) -> list[str]:
        """What the action's transition still needs, whoever reads: the sentences of its conditions.

        For a reader who may take the transition these are its refusal reasons (already asked);
        for anyone else the conditions are asked here, once."""
        target, transition_name = _TRANSITION_ACTIONS[CaseAction(action)]
        instance = _transition_target(self.case, target, self._targets)
        declared = fsm.declared_transition(instance, transition_name) if instance is not None else None
        if declared is None:
            return []
        if self.takes_part and declared.has_perm(instance, self.user):
            return self.reasons(action)
        return condition_reasons(instance, transition_name)


def condition_reasons(instance, transition_name: str) -> list[str]:
    """The sentences of the declared conditions of `transition_name` that do not hold now, for anyone."""
    declared = fsm.declared_transition(instance, transition_name)
    if declared is None:
        return []
    return [reason for condition in declared.conditions for reason in _condition_sentences(condition, instance)]


def _condition_sentences(condition, instance) -> list[str]:
    if isinstance(condition, fsm.Condition):
        return condition.reasons(instance)
    return [] if condition(instance) else [str(_("A condition for this step is not met."))]


def _transition_target(case: Partnership, target: str, cache: dict | None = None):
    if cache is not None and target in cache:
        return cache[target]
    if target == _APPLICATION:
        instance = application_of(case)
    elif target == _REPORT:
        instance = pending_final_report(case)
    else:
        instance = case
    if cache is not None:
        cache[target] = instance
    return instance


def _no_target(case: Partnership, target: str, action: CaseAction) -> list[str]:
    if target == _APPLICATION:
        return [str(_("There is no application yet."))]
    # A report is decided only in the follow-up: elsewhere the phase is the reason.
    return state_refusals(case, "complete", action.label) or [
        str(_("There is no submitted final report to decide on."))
    ]
