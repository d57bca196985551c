"""State-machine helpers shared by every app, on django-fsm-2's public API only.

A transition declares who may take it (`permission=`, a `RolePermission`) and when
(`conditions=`, `Condition`s). Both can say in words why they do not hold, so a refused action is
explained to the person, never a 500: `transition_refusal_reasons()` puts django-fsm's answer into
sentences, and `take_transition()` runs a transition only if that answer is yes.
"""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _
from django_fsm import FSMFieldMixin, TransitionNotAllowed, has_transition_perm

ANY_STATE, ANY_OTHER_STATE = "*", "+"  # django-fsm's wildcard sources


class Condition:
    """A transition condition that can explain itself.

    Decorate a function `instance -> list of reasons`; django-fsm calls the result with the
    instance and gets a bool, and `reasons(instance)` gives the sentences a person reads when the
    condition does not hold (an empty list means it holds)."""

    def __init__(self, explain: Callable[[object], Iterable]):
        self.explain = explain
        self.__name__ = explain.__name__
        self.__doc__ = explain.__doc__

    def __call__(self, instance) -> bool:
        return not self.explain(instance)

    def reasons(self, instance) -> list[str]:
        return [str(reason) for reason in self.explain(instance)]


class RolePermission:
    """A transition permission (django-fsm-2 calls it with (instance, user) and wants a bool),
    with the sentence that explains a refusal. `check(instance, user)` decides."""

    def __init__(self, check: Callable[[object, object], bool], refusal):
        self.check = check
        self.refusal = refusal
        self.__name__ = check.__name__

    def __call__(self, instance, user) -> bool:
        return bool(self.check(instance, user))


class TransitionRefused(Exception):
    """The action is not allowed now or not for this user. `reasons` are readable sentences."""

    def __init__(self, reasons: Iterable):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__(" ".join(self.reasons))


def fsm_field_of(model_or_instance, transition_name: str) -> FSMFieldMixin:
    """The FSM field a transition method acts on, found through the model's declared transitions."""
    for model_field in model_or_instance._meta.fields:
        if isinstance(model_field, FSMFieldMixin):
            names = {t.name for t in _all_transitions(model_or_instance, model_field)}
            if transition_name in names:
                return model_field
    raise LookupError(f"{type(model_or_instance).__name__} has no transition {transition_name!r}")


def _all_transitions(model_or_instance, model_field):
    # get_all_FIELD_transitions is django-fsm's public, documented way to read the declarations.
    return getattr(model_or_instance, f"get_all_{model_field.name}_transitions")()


def declared_transition(instance, transition_name: str):
    """The transition `transition_name` as declared from the instance's current state, or None."""
    model_field = fsm_field_of(instance, transition_name)
    state = getattr(instance, model_field.attname)
    for declared in _all_transitions(instance, model_field):
        if declared.name != transition_name:
            continue
        if declared.source == state or declared.source == ANY_STATE:
            return declared
        if declared.source == ANY_OTHER_STATE and declared.target != state:
            return declared
    return None


def transition_label(instance, transition_name: str) -> str:
    for declared in _all_transitions(instance, fsm_field_of(instance, transition_name)):
        if declared.name == transition_name:
            return str(declared.custom.get("label", transition_name))
    return transition_name


def transition_refusal_reasons(instance, transition_name: str, user, *, wrong_state: Callable) -> list[str]:
    """Why `user` may not take `transition_name` on `instance` now ([] = allowed).

    In order: the state (one reason, `wrong_state(instance, label)`, nothing else matters then),
    the role (one reason: other roles need not learn the case's details), then every condition
    with its own reasons."""
    declared = declared_transition(instance, transition_name)
    if declared is None:
        return [str(wrong_state(instance, transition_label(instance, transition_name)))]
    if not declared.has_perm(instance, user):
        return [str(getattr(declared.permission, "refusal", _("You may not do this.")))]
    reasons = []
    for condition in declared.conditions:
        if isinstance(condition, Condition):
            reasons.extend(condition.reasons(instance))
        elif not condition(instance):
            reasons.append(str(_("A condition for this step is not met.")))
    # Each condition is evaluated once per question; django-fsm checks them again when the
    # transition is taken (take_transition), under the service's lock.
    return reasons


def condition_reasons(instance, transition_name: str) -> list[str]:
    """What the conditions of `transition_name` still wait for, whatever the instance's state: a
    page can say from the start what a later step will need."""
    for declared in _all_transitions(instance, fsm_field_of(instance, transition_name)):
        if declared.name == transition_name:
            return [
                reason
                for condition in declared.conditions
                if isinstance(condition, Condition)
                for reason in condition.reasons(instance)
            ]
    return []


def take_transition(instance, transition_name: str, by, *args, wrong_state: Callable) -> tuple[str, str]:
    """Check and run one FSM transition on `instance` (not saved); returns (from_state, to_state).

    Raises TransitionRefused with the reasons when it is not allowed."""
    reasons = transition_refusal_reasons(instance, transition_name, by, wrong_state=wrong_state)
    if reasons:
        raise TransitionRefused(reasons)
    model_field = fsm_field_of(instance, transition_name)
    from_state = getattr(instance, model_field.attname)
    bound = getattr(instance, transition_name)
    if not has_transition_perm(bound, by):  # django-fsm is the authority; the reasons put it into words
        raise TransitionRefused([_("This is not possible now.")])
    try:
        bound(*args)  # django-fsm checks the state and the conditions again
    except TransitionNotAllowed as error:
        raise TransitionRefused([_("This is not possible now.")]) from error
    return str(from_state), str(getattr(instance, model_field.attname))
