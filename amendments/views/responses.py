"""How every amendment action answers: a refusal as messages on the amendment's page, a form
error as the page again with what was typed (status 400), a success as a message and a redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from norec.core.forms import posted_revision
from norec.core.fsm import TransitionRefused


def act(request, amendment, call, *, success: str, refused=(), form=None, field=None, page=None):
    """Run one service, `call(expected_revision)`, with the revision the page showed."""
    to = amendment.get_absolute_url()
    if refused:
        for reason in refused:
            messages.error(request, reason)
        return redirect(to)
    try:
        call(posted_revision(request))
    except TransitionRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return redirect(to)
    except ValidationError as error:
        if form is None or page is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect(to)
        form.add_error(field, error)
        return page()
    messages.success(request, success)
    return redirect(to)
