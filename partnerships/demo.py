"""Demo partnerships in every phase, built through the services exactly as people would build them,
so each demo case has a real timeline."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from norec.core.demo import demo_pdf_upload
from norec.core.roles import Role
from partnerships import services
from partnerships.models import (
    DIRECTION_FIELDS,
    Application,
    OrganisationKind,
    PartnerOrganisation,
    Partnership,
    RoundDirection,
)
from partnerships.services import PlannedRoundData

# key: (organisation name, country, kind, contact email, contact name)
DEMO_ORGANISATIONS = {
    "haukeland": (
        "Haukeland University Hospital",
        "NO",
        OrganisationKind.HEALTH,
        "kari@haukeland.example",
        "Kari Nordmann",
    ),
    "mulago": (
        "Mulago National Referral Hospital",
        "UG",
        OrganisationKind.HEALTH,
        "sarah@mulago.example",
        "Sarah Namubiru",
    ),
    "bergen": ("Bergen Municipality", "NO", OrganisationKind.PUBLIC, "ola@bergen.example", "Ola Hansen"),
    "nairobi": ("Nairobi Youth Trust", "KE", OrganisationKind.NGO, "wanjiru@nairobi-youth.example", "Wanjiru Kamau"),
    "hanoi": ("Hanoi Teachers College", "VN", OrganisationKind.EDUCATION, "linh@hanoi-tc.example", "Nguyen Thi Linh"),
    "kathmandu": ("Kathmandu Model Hospital", "NP", OrganisationKind.HEALTH, "sita@kmh.example", "Sita Shrestha"),
    "lusaka": ("Lusaka Water and Sanitation", "ZM", OrganisationKind.PUBLIC, "mwila@lwsc.example", "Mwila Banda"),
}


def seed_organisations(demo) -> None:
    """The demo's partner organisations, each with one partner contact (refreshed on every run)."""
    organisations, contacts = {}, {}
    for key, (name, country, kind, email, contact_name) in DEMO_ORGANISATIONS.items():
        organisation, _created = PartnerOrganisation.objects.update_or_create(
            name=name, country=country, defaults={"kind": kind}
        )
        contact = demo.user(email, contact_name, Role.PARTNER_CONTACT, note=name)
        organisation.contacts.add(contact)
        organisations[key], contacts[organisation.pk] = organisation, contact
    demo.shared["organisations"], demo.shared["contacts"] = organisations, contacts


def seed_cases(demo) -> None:
    # The cases by name, for the builders after this one: exchanges takes three of them on from
    # the exchange phase. Empty when the cases were built on an earlier run.
    demo.shared["cases"] = seed_demo_cases(
        adviser=demo.adviser, organisations=demo.shared["organisations"], contacts=demo.shared["contacts"]
    )


def _pdf(name: str) -> SimpleUploadedFile:
    return demo_pdf_upload(name)  # a page saying what it is: viewers open it


def _fresh(case: Partnership) -> Partnership:
    return Partnership.objects.get(pk=case.pk)


def _application(case: Partnership) -> Application:
    return Application.objects.select_related("partnership").get(partnership=case)


class DemoCases:
    """Builds one case per phase. `contacts` maps each organisation to the contact who acts for it."""

    def __init__(self, *, adviser, contacts):
        self.adviser = adviser
        self.contacts = contacts

    def contact_of(self, organisation):
        return self.contacts[organisation.pk]

    def open(self, name, first, second):
        return services.create_partnership(
            name=name, organisations=[first, second], coordinating=first, adviser=self.adviser, by=self.adviser
        )

    def pre_study_done(self, case):
        for organisation in case.organisations.all():
            services.add_seminar_representative(
                case,
                organisation=organisation,
                full_name=self.contact_of(organisation).full_name,
                seminar_date=date(2026, 2, 9),
                by=self.contact_of(organisation),
            )
        first = case.organisations.order_by("name").first()
        services.record_partner_meeting(
            _fresh(case),
            date=date(2026, 3, 18),
            place="Kampala",
            participants=", ".join(self.contacts[o.pk].full_name for o in case.organisations.all()),
            minutes=_pdf("partner-meeting-minutes.pdf"),
            by=self.contact_of(first),
        )
        return _fresh(case)

    def drafted(self, case, *, complete=True, past=False, each_way=1, periods=None):
        """A drafted application of three yearly mutual rounds, `each_way` participants going each
        way (the seeds' nurse swap: one north → south and one south → north; between southern
        partners both ways are south → south): from next year, or (`past`) ended by last year, for
        a case whose rounds are to be marked done (possible only from a round's planned end); or in
        the given `periods` (start, end) of its rounds."""
        contact = self.contact_of(case.coordinating_organisation)
        application = services.start_application(case, by=contact)
        directions = _fresh(case).possible_round_directions
        ways = 2 if directions == (RoundDirection.SOUTH_SOUTH,) else 1
        participants = {DIRECTION_FIELDS[direction]: each_way * ways for direction in directions}
        first_year = timezone.localdate().year + (-3 if past else 1)
        periods = periods or [
            (date(first_year + number, 1, 10), date(first_year + number, 12, 15)) for number in range(3)
        ]
        rounds = [
            PlannedRoundData(**participants, planned_start=start, planned_end=end, budget=Decimal("800000.00"))
            for start, end in periods
        ]
        services.save_application_draft(
            application,
            common_goals="Better services for young people in both organisations, through staff who have "
            "worked a year in the partner's everyday practice.",
            cooperation="Monthly video meetings between coordinators; a joint follow-up plan for every "
            "returning participant; a partner meeting each year.",
            organisation_goals={
                goal.organisation_id: f"{goal.organisation.name}: new routines learnt from the partner, "
                "shared with colleagues through training sessions."
                for goal in application.organisation_goals.select_related("organisation")
            }
            if complete
            else {},
            rounds=rounds if complete else rounds[:1],
            expected_revision=application.partnership.revision,
            by=contact,
        )
        return _fresh(case)

    def submitted(self, case):
        services.submit_application(_application(case), by=self.contact_of(case.coordinating_organisation))
        return _fresh(case)

    def approved(self, case):
        services.approve_application(_application(case), comment="A well-founded plan.", by=self.adviser)
        return _fresh(case)

    def signed(self, case, *, only_first=False):
        organisations = list(case.organisations.order_by("-memberships__is_coordinating", "name"))
        for organisation in organisations[:1] if only_first else organisations:
            services.sign_agreement(_fresh(case).agreement, organisation=organisation, by=self.contact_of(organisation))
        return _fresh(case)


def rounds_around_today() -> list[tuple[date, date]]:
    """Three rounds' periods from this month: one ended a year ago, one that began half a year ago
    and runs 18 months (its participants abroad now), one that starts in nine months."""
    month = timezone.localdate().replace(day=1)
    return [
        (month - relativedelta(months=24), month - relativedelta(months=12)),
        (month - relativedelta(months=6), month + relativedelta(months=12)),
        (month + relativedelta(months=9), month + relativedelta(months=21)),
    ]


def seed_demo_cases(*, adviser, organisations, contacts) -> dict[str, Partnership]:
    """organisations: name → PartnerOrganisation; contacts: organisation pk → its acting contact.

    Returns the cases made, by name ({} if there were cases already). "Clean water engineers",
    "Mental health in primary care" and "Community radio" are left at the start of the exchange
    for the exchanges app's builder to run their rounds (and their final reports)."""
    if Partnership.objects.exists():
        return {}  # cases are history: never rebuilt over what someone has done in the demo
    demo = DemoCases(adviser=adviser, contacts=contacts)
    o = organisations

    case = demo.open("Nurses for rural health", o["haukeland"], o["mulago"])
    services.add_seminar_representative(
        case,
        organisation=o["haukeland"],
        full_name="Kari Nordmann",
        seminar_date=date(2026, 9, 14),
        by=demo.contact_of(o["haukeland"]),
    )

    demo.drafted(
        demo.pre_study_done(demo.open("Midwifery skills exchange", o["haukeland"], o["mulago"])), complete=False
    )

    case = demo.submitted(demo.drafted(demo.pre_study_done(demo.open("Youth coaching", o["bergen"], o["nairobi"]))))

    case = demo.drafted(demo.pre_study_done(demo.open("Teachers for inclusive schools", o["bergen"], o["hanoi"])))
    case = demo.submitted(case)
    services.return_application(
        _application(case),
        comment="Please describe how returning participants will share what they learnt with colleagues.",
        by=adviser,
    )

    demo.signed(
        demo.approved(
            demo.submitted(
                demo.drafted(
                    demo.pre_study_done(demo.open("Surgical care partnership", o["haukeland"], o["kathmandu"]))
                )
            )
        ),
        only_first=True,
    )

    # Clean water's rounds send two engineers each way (exchanges.demo_participants recruits them).
    for name, first, second, each_way in (
        ("Clean water engineers", o["lusaka"], o["mulago"], 2),
        ("Mental health in primary care", o["mulago"], o["haukeland"], 1),
        ("Community radio", o["nairobi"], o["kathmandu"], 1),
    ):
        # Clean water engineers is under way: its first round is over, its second abroad now, its third ahead.
        periods = rounds_around_today() if name == "Clean water engineers" else None
        case = demo.drafted(
            demo.pre_study_done(demo.open(name, first, second)), past=True, each_way=each_way, periods=periods
        )
        demo.signed(demo.approved(demo.submitted(case)))

    case = demo.open("Agricultural extension", o["lusaka"], o["hanoi"])
    services.withdraw(
        case, comment="The partners chose to work on a smaller project first.", by=demo.contact_of(o["lusaka"])
    )

    case = demo.submitted(demo.drafted(demo.pre_study_done(demo.open("Tourism training", o["kathmandu"], o["hanoi"]))))
    services.decline_application(
        _application(case), comment="The exchange does not build lasting skills in the organisations.", by=adviser
    )

    case = demo.signed(
        demo.approved(
            demo.submitted(demo.drafted(demo.pre_study_done(demo.open("Library services", o["bergen"], o["lusaka"]))))
        )
    )
    services.terminate(case, reason="The host organisation closed its library department.", by=adviser)
    return {case.name: case for case in Partnership.objects.all()}
