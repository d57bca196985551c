"""A checklist item's actions (done, not applicable, reopen) and its document, for the party the
item names; each action returns to the page it was taken from (the portal, the participant's
page or the round's matrix), to the item itself, with what happened said beside it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from exchanges import services
from exchanges.forms import ItemDoneForm, ReasonForm
from exchanges.models import ChecklistItem
from exchanges.permissions import get_participant_for_user, item_refusal_reasons, may_complete_item
from exchanges.views.responses import act, back_to, item_anchor, messages_beside
from norec.core import thumbnails
from norec.core.fsm import TransitionRefused
from partnerships.views.responses import download, private_response


def get_item_for_user(user, item_pk: int) -> ChecklistItem:
    """The item if `user` may see its participant; 404 for 'does not exist' and 'not yours' alike."""
    participant_pk = get_object_or_404(ChecklistItem.objects.only("participant_id"), pk=item_pk).participant_id
    participant = get_participant_for_user(user, participant_pk)
    item = get_object_or_404(ChecklistItem, pk=item_pk)
    item.participant = participant
    return item


def prepare_items(request, page: dict) -> list:
    """Each item of a participant's page (selectors.participant_page) with what the reader may do
    to it and the messages about it (shown beside it); returns the messages about the page."""
    general, beside = messages_beside(request)
    for _phase, items in page["items_by_phase"]:
        for item in items:
            item.may_act = may_complete_item(item, request.user)
            item.form = ItemDoneForm(item=item) if item.may_act else None
            item.messages = beside.pop(item_anchor(item), [])
    return general + [message for rest in beside.values() for message in rest]  # any of an item not shown


def _default_page(request, item) -> str:
    if item.participant.user_id == request.user.pk:
        return reverse("exchanges:portal")
    return reverse("exchanges:participant_detail", args=[item.participant.pk])


def _posted_revision(request) -> int | None:
    try:
        return int(request.POST.get("item_revision", ""))
    except ValueError:
        return None


@login_required
@require_POST
def complete(request, item_pk):
    item = get_item_for_user(request.user, item_pk)
    to = back_to(request, _default_page(request, item))
    reasons = item_refusal_reasons(item, request.user)
    if reasons:  # not theirs to tick: say so before asking for a document
        return act(request, _refuse(reasons), success="", to=to, about=item_anchor(item))
    form = ItemDoneForm(request.POST, request.FILES, item=item)
    if not form.is_valid():
        # A missing or refused document: say so where the item was (nothing else was typed).
        reasons = form.errors.get("document", [_("Check the document.")])
        return act(request, _refuse(reasons), success="", to=to, about=item_anchor(item))
    return act(
        request,
        lambda: services.complete_item(
            item,
            by=request.user,
            document=form.cleaned_data.get("document"),
            expected_revision=_posted_revision(request),
        ),
        success=_("“%(item)s” is done.") % {"item": _(item.title)},
        to=to,
        about=item_anchor(item),
    )


@login_required
@require_POST
def not_applicable(request, item_pk):
    item = get_item_for_user(request.user, item_pk)
    to = back_to(request, _default_page(request, item))
    form = ReasonForm(request.POST, id_prefix=f"na-{item.pk}")
    if not form.is_valid():
        return act(
            request, _refuse([_("Say why the item does not apply.")]), success="", to=to, about=item_anchor(item)
        )
    return act(
        request,
        lambda: services.mark_item_not_applicable(
            item, reason=form.cleaned_data["reason"], by=request.user, expected_revision=_posted_revision(request)
        ),
        success=_("“%(item)s” is marked not applicable.") % {"item": _(item.title)},
        to=to,
        about=item_anchor(item),
    )


@login_required
@require_POST
def reopen(request, item_pk):
    item = get_item_for_user(request.user, item_pk)
    return act(
        request,
        lambda: services.reopen_item(item, by=request.user, expected_revision=_posted_revision(request)),
        success=_("“%(item)s” is open again.") % {"item": _(item.title)},
        to=back_to(request, _default_page(request, item)),
        about=item_anchor(item),
    )


@login_required
@require_safe
def document(request, item_pk):
    item = get_item_for_user(request.user, item_pk)
    return download(item.document, item.document_filename)


@login_required
@require_safe
def thumbnail(request, item_pk):
    """A small upright preview of the item's photo, for whoever may download the photo itself."""
    item = get_item_for_user(request.user, item_pk)
    picture = thumbnails.preview(item.document)
    if picture is None:
        raise Http404
    return private_response(HttpResponse(picture, content_type="image/jpeg"))


def _refuse(reasons):
    def call():
        raise TransitionRefused([str(reason) for reason in reasons])

    return call
