"""A case whose round 1 is being prepared (built through the services: a leg each way, one
participant on each, the round agreement approved), leaving in 20 days; and helpers that draft
amendments as its partner contacts would."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from amendments import services
from amendments.models import AmendmentKind
from amendments.selectors import today_with
from tests.factories import contact_of
from tests.machines.builders import _round_now, _walk


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def exchange_round(adviser, organisation, other_organisation):
    return _walk(*_round_now(adviser, [organisation, other_organisation], departs_in=20), "preparing")


@pytest.fixture
def case(exchange_round):
    return exchange_round.partnership


def iso(day: date) -> str:
    return day.isoformat()


def leg_keys(exchange_round):
    """The snapshot keys of the round's legs, in order: [(leg, 'leg:<id>')]."""
    return [(leg, f"leg:{leg.pk}") for leg in exchange_round.legs.order_by("pk")]


def draft(case, kind, *, exchange_round=None, by=None, justification="", effective_on=None, invite_name="", **changes):
    """An amendment drafted by the coordinating contact: today's values with `changes` (snapshot
    keys → values; None removes the key)."""
    return services.start_amendment(
        case,
        kind=kind,
        exchange_round=exchange_round,
        proposal=today_with(case, kind, changes, exchange_round),
        justification=justification,
        effective_on=effective_on or timezone.localdate(),
        by=by or contact_of(case.coordinating_organisation),
        invite_name=invite_name,
    )


def draft_c05(exchange_round, *, justification="The hospital needs the nurse two months longer.", **options):
    return draft(
        exchange_round.partnership,
        AmendmentKind.C05,
        exchange_round=exchange_round,
        justification=justification,
        **options,
    )


def draft_b03(case, *, justification="A new partner joins the work.", **options):
    return draft(case, AmendmentKind.B03, justification=justification, **options)


def extend_leg(exchange_round, leg, months=2):
    """The changes of a C05 moving `leg`'s return `months` later, and the round's end with it."""
    back = leg.return_date + relativedelta(months=months)
    end = max(exchange_round.planned_end, back)
    return {f"leg:{leg.pk}:return": iso(back), f"round:{exchange_round.pk}:planned_end": iso(end)}
