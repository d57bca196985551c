"""Test data, made the way people make it.

People and organisations are factory-boy factories. A partnership case in any phase is one call,
`make_case("exchange", ...)` (or `CaseFactory(phase="exchange")`), and it gets there through the
same services a user's clicks go through, so every case has a real timeline (STYLE 12)."""

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exchanges.models import BudgetLine, ReportKind
from exchanges.services import (
    accept_round_report,
    add_leg,
    advance_round,
    approve_round_agreement,
    complete_item,
    mark_round_exchange_done,
    recruit_participant,
    set_round_agreement,
    submit_round_report,
)
from norec.core.models import User
from norec.core.roles import Role
from partnerships import services
from partnerships.models import DIRECTION_FIELDS, OrganisationKind, PartnerOrganisation, Partnership
from partnerships.services import PlannedRoundData

PASSWORD = "correct-horse-battery-staple"

# The smallest well-formed PDF: enough for the upload checks, which look at the content.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "document.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def photo_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    """A small JPEG photo (a blue square), as a phone would upload it."""
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (30, 60, 200)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def reload(case: Partnership) -> Partnership:
    return Partnership.objects.get(pk=case.pk)


# --- People and organisations ----------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A partner contact with a verified email address (pass verified_email=False for none)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.PARTNER_CONTACT
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


PartnerContactFactory = UserFactory


class AdviserFactory(UserFactory):
    role = Role.ADVISER
    email = factory.Sequence(lambda n: f"adviser{n}@norec.example")


class ParticipantFactory(UserFactory):
    role = Role.PARTICIPANT
    email = factory.Sequence(lambda n: f"participant{n}@example.org")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; `contacts=[...]` adds those contacts, `with_contact=True` makes one."""

    class Meta:
        model = PartnerOrganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "UG"
    kind = OrganisationKind.NGO

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(*extracted)

    @factory.post_generation
    def with_contact(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(UserFactory(full_name=f"Contact of {self.name}"))


# --- Partnership cases -----------------------------------------------------------------------

# Where a case can be, in the order a case gets there. Each phase is the one before it plus one step.
CASE_PHASES = (
    "pre_study",  # opened, nothing recorded
    "pre_study_done",  # representatives of every organisation and the partner meeting with minutes
    "application_started",  # an empty draft
    "application_draft",  # a complete draft, ready to submit
    "application_submitted",
    "approved_awaiting_signatures",
    "exchange",  # every partner has signed
    "follow_up",  # every round's exchange is done
    "follow_up_report_submitted",
    "completed",
)
# The ways out, each from the phase it is taken from unless `from_phase=` says otherwise.
EXIT_PHASES = {
    "withdrawn": "pre_study",
    "declined": "application_submitted",
    "terminated": "exchange",
    "application_returned": "application_submitted",  # not an exit, but a side step off the main line
}

# Both rounds are over (the exchange of a round can be marked done only from its planned end).
# Each is mutual, as the seeds' nurse swap: one participant north → south and one south → north.
ROUNDS = [
    PlannedRoundData(
        participants_north_south=1,
        participants_south_north=1,
        planned_start=date(2025, 1, 10),
        planned_end=date(2025, 12, 20),
        budget=Decimal("400000.00"),
    ),
    PlannedRoundData(
        participants_north_south=1,
        participants_south_north=1,
        planned_start=date(2025, 8, 1),
        planned_end=date(2026, 7, 31),
        budget=Decimal("450000.00"),
    ),
]


def within(planned: PlannedRoundData, directions) -> PlannedRoundData:
    """`planned` with its participants in the partnership's own directions: a south-south
    partnership sends them all south → south."""
    numbers = {direction: getattr(planned, field) for direction, field in DIRECTION_FIELDS.items()}
    if all(direction in directions for direction, count in numbers.items() if count):
        return planned
    moved = dict.fromkeys(DIRECTION_FIELDS.values(), 0)
    return replace(planned, **{**moved, DIRECTION_FIELDS[directions[0]]: sum(numbers.values())})


def contact_of(organisation: PartnerOrganisation) -> User:
    """The contact who acts for an organisation in a built case: its first."""
    contact = organisation.contacts.order_by("pk").first()
    if contact is None:
        raise ValueError(f"{organisation} has no partner contact to act for it; use contacts=[...]")
    return contact


def complete_pre_study(case: Partnership, *, by: User) -> None:
    for organisation in case.organisations.all():
        services.add_seminar_representative(
            case,
            organisation=organisation,
            full_name=f"Rep of {organisation.name}"[:200],  # a name may be 200 characters
            seminar_date=date(2026, 3, 2),
            by=by,
        )
    services.record_partner_meeting(
        case,
        date=date(2026, 4, 15),
        place="Kampala",
        participants=", ".join(contact.full_name for o in case.organisations.all() for contact in o.contacts.all()),
        minutes=pdf_upload("minutes.pdf"),
        by=by,
    )


def fill_application(application, *, by: User, **changes):
    """Save a complete draft: goals for every organisation, two rounds, a matching budget."""
    directions = application.partnership.possible_round_directions
    content = {
        "common_goals": "Better care for young patients in both hospitals.",
        "cooperation": "Monthly video meetings; the coordinators visit each other once a year.",
        "organisation_goals": {
            goal.organisation_id: f"Goals of {goal.organisation.name}" for goal in application.organisation_goals.all()
        },
        "rounds": [within(planned, directions) for planned in ROUNDS],
        "expected_revision": application.partnership.revision,
    }
    return services.save_application_draft(application, **{**content, **changes}, by=by)


def finish_exchange_rounds(case: Partnership, *, by: User) -> None:
    """The adviser marks every round's exchange done; the last one starts the follow-up.

    The one place the builder names the round service (rounds live in exchanges/)."""
    for exchange_round in case.agreement.rounds.order_by("number"):
        mark_round_exchange_done(exchange_round, by=by)


def report_rounds(case: Partnership, *, contact: User, adviser: User) -> None:
    """Each round's results and financial reports, submitted and accepted: every round reported."""
    for exchange_round in case.agreement.rounds.order_by("number"):
        for kind in ReportKind:
            actuals = {line: Decimal("1000") for line in BudgetLine.values} if kind == ReportKind.FINANCIAL else None
            attachment = pdf_upload("accounts.pdf") if kind == ReportKind.FINANCIAL else None
            report = submit_round_report(
                exchange_round, kind=kind, text=f"{kind.label}.", actuals=actuals, attachment=attachment, by=contact
            )
            accept_round_report(report, by=adviser)


def _path_to(phase: str, from_phase: str | None) -> list[str]:
    if phase in CASE_PHASES:
        return list(CASE_PHASES[: CASE_PHASES.index(phase) + 1])
    if phase not in EXIT_PHASES:
        raise ValueError(f"unknown case phase {phase!r}; choose from {[*CASE_PHASES, *EXIT_PHASES]}")
    return [*_path_to(from_phase or EXIT_PHASES[phase], None), phase]


def make_case(
    phase: str = "pre_study",
    *,
    name: str = "Young nurses exchange",
    adviser: User | None = None,
    organisations: list[PartnerOrganisation] | None = None,
    from_phase: str | None = None,
    signed_copy: bool = False,
    with_participant: bool = False,
) -> Partnership:
    """A case in `phase` (CASE_PHASES, or an exit in EXIT_PHASES, reached from `from_phase`).

    The first organisation is the coordinating partner; each organisation's first contact acts for
    it, and its adviser does the adviser's part. Without organisations, a Norwegian and a Ugandan
    one with a contact each are made. `signed_copy=True`: the first organisation signs by uploading
    a signed copy instead of confirming in the app. `with_participant=True`: from the exchange on,
    round 1 has a participant who left (participant_on_record)."""
    adviser = adviser or AdviserFactory()
    if organisations is None:
        organisations = [
            OrganisationFactory(country="NO", with_contact=True),
            OrganisationFactory(country="UG", with_contact=True),
        ]
    coordinating = organisations[0]
    case = services.create_partnership(
        name=name, organisations=organisations, coordinating=coordinating, adviser=adviser, by=adviser
    )
    for step in _path_to(phase, from_phase)[1:]:
        _take_step(reload(case), step, adviser=adviser, coordinator=contact_of(coordinating), signed_copy=signed_copy)
        if step == "exchange" and with_participant:
            participant_on_record(reload(case))
    return reload(case)


def _take_step(case: Partnership, step: str, *, adviser: User, coordinator: User, signed_copy: bool) -> None:
    if step == "pre_study_done":
        complete_pre_study(case, by=adviser)
    elif step == "application_started":
        services.start_application(case, by=coordinator)
    elif step == "application_draft":
        fill_application(case.application, by=coordinator)
    elif step == "application_submitted":
        services.submit_application(case.application, by=coordinator)
    elif step == "application_returned":
        services.return_application(case.application, comment="Say more about round 2.", by=adviser)
    elif step == "declined":
        services.decline_application(case.application, comment="Out of scope.", by=adviser)
    elif step == "approved_awaiting_signatures":
        services.approve_application(case.application, by=adviser)
    elif step == "exchange":
        _sign_by_all(case, signed_copy=signed_copy)
    elif step == "follow_up":
        finish_exchange_rounds(case, by=adviser)
    elif step == "follow_up_report_submitted":
        report_rounds(case, contact=coordinator, adviser=adviser)
        services.submit_final_report(
            case, text="What we learnt.", attachment=pdf_upload("final-report.pdf"), by=coordinator
        )
    elif step == "completed":
        services.accept_final_report(case, by=adviser)
    elif step == "withdrawn":
        services.withdraw(case, comment="We could not agree on goals.", by=coordinator)
    elif step == "terminated":
        services.terminate(case, reason="Funding stopped.", by=adviser)
    else:
        raise AssertionError(f"no step builds {step!r}")


def _sign_by_all(case: Partnership, *, signed_copy: bool) -> None:
    partners = case.partners.select_related("organisation").order_by("-is_coordinating", "pk")
    for number, organisation in enumerate(partner.organisation for partner in partners):
        copy = pdf_upload("signed.pdf") if signed_copy and number == 0 else None
        services.sign_agreement(
            reload(case).agreement, organisation=organisation, signed_copy=copy, by=contact_of(organisation)
        )


class CaseFactory(factory.Factory):
    """`CaseFactory(phase="follow_up", adviser=..., organisations=[...])`: make_case as a factory."""

    class Meta:
        model = Partnership

    phase = "pre_study"
    name = factory.Sequence(lambda n: f"Partnership {n}")
    adviser = factory.SubFactory(AdviserFactory)
    organisations = None
    from_phase = None
    signed_copy = False
    with_participant = False

    @classmethod
    def _create(cls, model_class, **kwargs):
        return make_case(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise TypeError("a case is made through the services: use CaseFactory() or make_case(), not .build()")


# --- Exchanges: legs and participants ---


def participant_data(**changes) -> dict:
    """What a partner contact types to recruit a participant (recruit_participant's keywords)."""
    data = {
        "full_name": "Amina Nakato",
        "date_of_birth": date(2000, 5, 17),
        "nationality": "UG",
        "gender": "female",
        "recruitment": "internal",
        "role_at_host": "Nurse",
        "workplace_at_host": "Ward 4, Haukeland",
        "email": "amina@example.org",
        "phone": "+256 700 000000",
        "emergency_contact": "Grace Nakato",
        "emergency_phone": "+256 700 000001",
        "employment_months": 24,
        "duties_before": "Ward nurse.",
        "duties_after": "Trains colleagues in what she learnt.",
        "allowance_amount": Decimal("9000.00"),
        "allowance_currency": "NOK",
    }
    return {**data, **changes}


def make_leg(exchange_round, *, home, host, participants: int = 1, months: int = 6, departure=None, by=None):
    """A leg of the round through the service (by the case's adviser unless `by` says otherwise),
    leaving on the round's planned start unless `departure` says otherwise."""

    case = exchange_round.agreement.partnership
    return add_leg(
        exchange_round,
        home=home,
        host=host,
        participants=participants,
        months=months,
        departure=departure,
        by=by or case.adviser,
    )


# A round agreement the adviser can approve: both C01 texts, a budget within the activity cap.
ROUND_AGREEMENT = {
    "activities": "Nurses work a year in the partner's wards.",
    "contribution": "New triage routines in both hospitals.",
    "planned": {"housing": Decimal("60000"), "travel": Decimal("30000"), "activities": Decimal("5000")},
}


def approve_agreement(exchange_round, *, by=None) -> None:
    """The round agreement set by the round's first contact and approved by the case's adviser."""
    case = exchange_round.agreement.partnership
    set_round_agreement(exchange_round, **ROUND_AGREEMENT, by=by or contact_of(case.coordinating_organisation))
    approve_round_agreement(exchange_round, by=case.adviser)


def walk_round(exchange_round, *steps: str, by=None) -> None:
    """Take the round's steps through the service, as its partner contacts press them."""
    case = exchange_round.agreement.partnership
    for step in steps:
        advance_round(exchange_round, step, by=by or contact_of(case.coordinating_organisation))


def recruit(leg, *, by=None, **changes):
    """A participant of the leg, recruited through the service by a contact of its home organisation."""

    return recruit_participant(leg, by=by or contact_of(leg.home_organisation), **participant_data(**changes))


# The participant who goes the other way in a built round (recruit_the_other_way).
OTHER_WAY = {
    "full_name": "Ola Nordmann",
    "email": "ola@example.org",
    "nationality": "NO",
    "gender": "male",
    "workplace_at_host": "Ward 2, Mulago",
    "emergency_contact": "Kari Nordmann",
}


def recruit_the_other_way(leg):
    """The second half of a mutual round: a leg back from `leg`'s host to its home, on the same
    dates, and its participant, through the services (legs_cover_the_plan: a round plans its
    participants in both directions). Returns that participant."""
    back = make_leg(
        leg.exchange_round,
        home=leg.host_organisation,
        host=leg.home_organisation,
        months=leg.months,
        departure=leg.departure,
    )
    return recruit(back, **OTHER_WAY)


def participant_on_record(case: Partnership):
    """Round 1 of a case in the exchange, walked through the services as its people walk it: a leg
    (the second partner sends one person to the coordinating one for 6 months from the round's
    start, and the coordinating one sends Ola the other way), recruited, their work contract done
    with a photo of it, the round agreement approved, preparing, and the participants left.
    Something behind every participant URL (the access tests)."""
    exchange_round = case.agreement.rounds.get(number=1)
    coordinating = case.coordinating_organisation
    other = case.organisations.exclude(pk=coordinating.pk).first()
    leg = make_leg(exchange_round, home=other, host=coordinating)
    walk_round(exchange_round, "start_recruiting")
    participant = recruit(leg)
    # The round is mutual: someone goes the other way too, or it cannot start preparing.
    recruit_the_other_way(leg)
    # A phone photo of the signed contract: something behind its preview as well.
    complete_item(
        participant.checklist.get(title="Work contract"), by=contact_of(other), document=photo_upload("contract.jpg")
    )
    approve_agreement(exchange_round)
    walk_round(exchange_round, "start_preparing", "depart")
    return participant
