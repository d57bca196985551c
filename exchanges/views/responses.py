"""How every exchanges action answers: a refusal as messages, a form error as the page again with
what was typed (status 400), a success as a message and a redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from norec.core.fsm import TransitionRefused
from norec.core.idempotency import AlreadySubmitted


def back_to(request, default: str) -> str:
    """Where the action was started from (a posted `next` on this site), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def act(request, call, *, success, to, refused_to: str = "", form=None, field=None, invalid=None, again=None, about=""):
    """Run one service; on ValidationError with a form, add the error to it and return `invalid()`.
    `success` is the message, or a function of what the service returned that makes it (the first
    answer to a form sent twice is not known: its message is then the function's of None).
    `to` is where to go next: a URL, or a function of what the service returned; a refusal goes
    to `refused_to` (by default `to`). A form sent a second time (AlreadySubmitted) gets the same
    success, and goes to `again(id of what the first made)` when given. `about`: the id of the
    element the messages are about (item_anchor), for a page that shows them beside it
    (messages_beside)."""
    fallback = refused_to or (to if isinstance(to, str) else back_to(request, "/"))
    try:
        result = call()
    except AlreadySubmitted as done:  # the same form a second time (a double click): done once, the same answer
        messages.success(request, success(None) if callable(success) else success, extra_tags=about)
        if again and done.result_id:
            return redirect(again(done.result_id))
        return redirect(to if isinstance(to, str) else fallback)
    except TransitionRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason, extra_tags=about)
        return redirect(fallback)
    except ValidationError as error:
        if form is None or invalid is None:
            for message in error.messages:
                messages.error(request, message, extra_tags=about)
            return redirect(fallback)
        form.add_error(field, error)
        return invalid()
    messages.success(request, success(result) if callable(success) else success, extra_tags=about)
    return redirect(to if isinstance(to, str) else to(result))


def item_anchor(item) -> str:
    """The id of a checklist item's element on every page that lists it (#item-<pk>)."""
    return f"item-{item.pk}"


def messages_beside(request) -> tuple[list, dict[str, list]]:
    """The request's messages, taken: those about the page (shown at its top) and those about an
    element of it, by the element's id (shown beside it). After ticking an item on a phone the
    browser is sent to the item, far below the top: its message must be where the person is."""
    general, beside = [], {}
    for message in messages.get_messages(request):
        if message.extra_tags:
            beside.setdefault(message.extra_tags, []).append(message)
        else:
            general.append(message)
    return general, beside


def refuse(request, reasons, to: str):
    """A forced POST of something not allowed: why, as messages, on the page it came from."""
    for reason in reasons:
        messages.error(request, reason)
    return redirect(to)
