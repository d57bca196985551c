"""The amendment's state machine as the no-dead-ends check walks it (norec.core.machines)."""

from amendments.models import Amendment, AmendmentState
from norec.core.machines import StateMachine, register_machine
from partnerships.machines import case_people

AMENDMENT = StateMachine(
    name="amendment",
    model=Amendment,
    states=AmendmentState,
    state=lambda amendment: amendment.state,
    pages=lambda amendment: [amendment.get_absolute_url()],
    people=lambda amendment: case_people(amendment.partnership),
    final=frozenset({AmendmentState.APPROVED, AmendmentState.REJECTED, AmendmentState.WITHDRAWN}),
    exits=frozenset({AmendmentState.WITHDRAWN}),
    # Returned for revision is a step back that the partners then take forward again.
    backward=frozenset({(AmendmentState.SUBMITTED, AmendmentState.RETURNED)}),
)


def register_machines() -> None:
    register_machine(AMENDMENT)
