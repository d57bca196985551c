"""What the application form posts to the save service, and the conflict screen: when someone else
saved fields you changed too, both versions side by side and a choice per field."""

from django.http import QueryDict

from partnerships.models.drafts import ROUNDS, display_value, field_label
from partnerships.services import EditConflict, FieldChoice

CONFLICT_TEMPLATE = "partnerships/application_conflict.html"
KEEP = ("mine", "theirs", "merged")
# Posted by the conflict screen itself; everything else it posts is the form as first typed.
_OWN_FIELDS = ("csrfmiddlewaretoken", "resolve", "choices_revision", "then")


def draft_kwargs(form, formset, data: QueryDict) -> dict:
    """The save service's arguments from the valid form and rounds formset (and, when the person
    comes from the conflict screen, the choices made there)."""
    kwargs = {
        "common_goals": form.cleaned_data["common_goals"],
        "cooperation": form.cleaned_data["cooperation"],
        "organisation_goals": form.cleaned_organisation_goals(),
        "rounds": formset.rounds(),
        "expected_revision": form.cleaned_data["revision"],
        "base_version": form.cleaned_data["version"],
    }
    if data.get("resolve"):
        kwargs["choices"] = _choices(data)
        kwargs["choices_revision"] = _int(data.get("choices_revision"))
    return kwargs


def _choices(data: QueryDict) -> dict[str, FieldChoice]:
    choices = {}
    for name, keep in data.items():
        key = name.removeprefix("choice_")
        if name.startswith("choice_") and keep in KEEP:
            choices[key] = FieldChoice(keep=keep, text=data.get(f"merged_{key}", ""))
    return choices


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def conflict_context(case, conflict: EditConflict, data: QueryDict) -> dict:
    names = {
        goal.organisation_id: goal.organisation.name
        for goal in conflict.current.organisation_goals.select_related("organisation")
    }
    fields = [
        {
            "key": key,
            "label": field_label(key, names),
            "mine": display_value(key, conflict.mine.get(key)),
            "theirs": display_value(key, conflict.theirs.get(key)),
            "mergeable": key != ROUNDS,
            "merged": data.get(f"merged_{key}") or conflict.mine.get(key, ""),
            "chosen": data.get(f"choice_{key}", ""),
        }
        for key in conflict.conflicts
    ]
    typed = [
        (name, value)
        for name, values in data.lists()
        if name not in _OWN_FIELDS and not name.startswith(("choice_", "merged_"))
        for value in values
    ]
    return {
        "case": case,
        "conflict": conflict,
        "fields": fields,
        "typed": typed,
        "asked_again": bool(data.get("resolve")),
        "then": data.get("then", ""),
    }
