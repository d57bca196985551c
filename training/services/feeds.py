"""Issuing and revoking a person's calendar feed token (training.models.feeds)."""

import secrets

from django.db import transaction

from norec.core.models import User
from training.models import CalendarFeed
from training.models.feeds import token_hash


def issue_feed_token(user: User) -> str:
    """A new private address for `user`'s feed; the old one stops working. The token is returned
    once, to show; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token


def revoke_feed(user: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def feed_owner(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), user__is_active=True).select_related("user").first()
    )
    return feed.user if feed else None
