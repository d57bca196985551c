"""A person's private calendar feed: its address holds a random token, of which only a hash is
kept, so a copy of the database gives no one the feed. A new token replaces the old; revoking
removes it (the address then answers 404)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
