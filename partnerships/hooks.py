"""What higher apps tell the partnership case, registered in their AppConfig.ready().

The case may leave the exchange phase only when the exchange is finished, and may complete only
when its follow-up is, and what "finished" means belongs to the apps that run the exchange
(exchanges: every round done; every round reported). Each registers gates: functions
`case -> reasons it is not finished` ([] = finished for it).
"""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _

ExchangeGate = Callable[[object], Iterable]

_exchange_gates: list[ExchangeGate] = []


def register_exchange_gate(gate: ExchangeGate) -> None:
    if gate not in _exchange_gates:
        _exchange_gates.append(gate)


def exchange_unfinished_reasons(case) -> list[str]:
    """Why the case's exchange is not finished, from every registered gate ([] = finished).

    With no gate registered nobody can tell, so the answer is no, with a reason, never a silent yes."""
    if not _exchange_gates:
        return [str(_("Nothing is set up to tell whether the exchange is finished."))]
    return [str(reason) for gate in _exchange_gates for reason in gate(case)]


_follow_up_gates: list[ExchangeGate] = []


def register_follow_up_gate(gate: ExchangeGate) -> None:
    if gate not in _follow_up_gates:
        _follow_up_gates.append(gate)


def follow_up_unfinished_reasons(case) -> list[str]:
    """Why the case's follow-up is not finished, from every registered gate ([] = finished)."""
    return [str(reason) for gate in _follow_up_gates for reason in gate(case)]
