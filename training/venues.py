"""Where Norec's courses run (DOMAIN.md: Bangkok, Johannesburg or Kampala; Nairobi and Kathmandu
too), and the digital sessions, held on Norwegian time. Migration 0002 added these; tests that
empty the tables (transactional ones) put them back with install_programme_venues."""

VENUES = [
    ("Bangkok", "Asia/Bangkok", False),
    ("Johannesburg", "Africa/Johannesburg", False),
    ("Kampala", "Africa/Kampala", False),
    ("Nairobi", "Africa/Nairobi", False),
    ("Kathmandu", "Asia/Kathmandu", False),
    ("Digital", "Europe/Oslo", True),
]


def install_programme_venues(venue_model) -> None:
    for name, zone, digital in VENUES:
        venue_model.objects.get_or_create(name=name, defaults={"time_zone": zone, "is_digital": digital})
