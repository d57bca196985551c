"""Views of the exchanges app by concern: rounds (the round page, legs, the round's steps),
participants (recruiting, inviting, leaving), checklist items, and the participant's own portal."""
