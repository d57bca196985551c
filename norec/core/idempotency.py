"""Double submits create one thing. Each create form carries a token made when it was rendered
(SubmitOnceForm); the service claims the token in its own transaction before it creates anything.
The same token again (a double click, a form sent twice, a reload after a lost answer) raises
AlreadySubmitted: nothing is created, and the view shows the same success as the first time."""

from uuid import UUID

from django.db import IntegrityError, transaction

from norec.core.models import SubmittedForm, User


class AlreadySubmitted(Exception):
    """This form was acted on before; `result_id` is what it made then (if the service said)."""

    def __init__(self, result_id: int | None):
        super().__init__("This form was submitted before.")
        self.result_id = result_id


def claim_submission(token: UUID | None, *, by: User) -> SubmittedForm | None:
    """Claim the form's token in the caller's transaction, or raise AlreadySubmitted.

    A concurrent second claim waits on the unique index until the first transaction ends: if it
    committed, this one is refused; if it rolled back (nothing was made), this one goes ahead. No
    token (an old page, a script) means no protection was asked for."""
    if token is None:
        return None
    try:
        with transaction.atomic():
            return SubmittedForm.objects.create(token=token, user=by)
    except IntegrityError:
        earlier = SubmittedForm.objects.filter(token=token, user=by).first()
        raise AlreadySubmitted(earlier.result_id if earlier else None) from None


def submitted_before(token, *, by: User) -> bool:
    """Whether this form (its posted token) was acted on before: a view that refuses early, before
    its service, answers a double click as the first click was answered instead."""
    try:
        token = UUID(str(token))
    except (TypeError, ValueError):
        return False
    return SubmittedForm.objects.filter(token=token, user=by).exists()


def record_result(claim: SubmittedForm | None, result_id: int) -> None:
    if claim is not None:
        claim.result_id = result_id
        claim.save(update_fields=["result_id"])
