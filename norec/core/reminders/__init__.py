"""Deadline reminders: one digest email per person per day, never twice, never lost.

The apps own what is reminded: each registers its kinds (`registry.register_reminder_kind`) in its
`AppConfig.ready()`, with a set-based `find(window)` that returns who must hear about what. The
core knows only the registry: the daily sweep (`sweep.run_reminder_sweep`) asks every kind, keeps
one row per person, kind, subject and day (a unique constraint), and writes one digest per person
into the email outbox, all in one transaction (README, "Reminders")."""
