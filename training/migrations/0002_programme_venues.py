from django.db import migrations

# Where Norec's courses run (DOMAIN.md: Bangkok, Johannesburg or Kampala; Nairobi and Kathmandu
# too), and the digital sessions, held on Norwegian time. Advisers add more.
VENUES = [
    ("Bangkok", "Asia/Bangkok", False),
    ("Johannesburg", "Africa/Johannesburg", False),
    ("Kampala", "Africa/Kampala", False),
    ("Nairobi", "Africa/Nairobi", False),
    ("Kathmandu", "Asia/Kathmandu", False),
    ("Digital", "Europe/Oslo", True),
]


def add_venues(apps, schema_editor):
    Venue = apps.get_model("training", "Venue")
    for name, zone, digital in VENUES:
        Venue.objects.get_or_create(name=name, defaults={"time_zone": zone, "is_digital": digital})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_courses_venues_sessions")]

    operations = [migrations.RunPython(add_venues, migrations.RunPython.noop)]
