"""Demo amendments (filled below)."""


def seed_demo_amendments(**context):
    return None
