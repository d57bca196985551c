"""Signals the exchanges app sends, so higher apps can act without this app importing them."""

from django.dispatch import Signal

# Sent once a participant's withdrawal or early return is committed (transaction.on_commit), with
# `participant`, `reason` and `by`: training cancels the places they still hold on courses ahead.
# After the commit, in a transaction of the receiver's own: its locks (a course session's) are never
# taken while the case is locked, so the two apps' lock orders cannot meet in a circle.
participation_ended = Signal()
