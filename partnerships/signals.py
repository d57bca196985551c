"""Signals the partnership app sends, so higher apps can act without this app importing them."""

from django.dispatch import Signal

# Sent by services.agreement.make_agreement inside its transaction, with `agreement` and
# `application`: a receiver's work (exchanges makes the rounds) commits or rolls back with it.
agreement_made = Signal()
