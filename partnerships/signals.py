"""Signals the partnership app sends, so higher apps can act without this app importing them."""

from django.dispatch import Signal

# Sent by services.agreement.make_agreement inside its transaction, with `agreement` and
# `application`: a receiver's work (exchanges makes the rounds) commits or rolls back with it.
agreement_made = Signal()

# Sent by services.follow_up.accept_final_report inside its transaction, with `case` (locked) and
# `by`, once the case is completed: exchanges closes its reported rounds with it.
case_completed = Signal()

# Sent by services.case.terminate inside its transaction, with `case` (locked), `reason` and `by`,
# once the adviser has ended the partnership: exchanges cancels the rounds still under way with it.
case_ended = Signal()
