import base64
import hashlib
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from norec.core.emails import RenderedEmail
from norec.core.middleware import signed_in_language
from norec.core.models import User
from norec.core.outbox import queue_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by advisers (invitations or the admin), never by sign-up.
        return False

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """A message in the language of the page that will show it: after signing in, the person's
        own (the request that signs in is still in the browser's); after signing out, the browser's."""
        signing_out = message_template == "account/messages/logged_out.txt"
        user = None if signing_out else (message_context or {}).get("user", request.user)
        language = (user and signed_in_language(request, user)) or translation.get_language_from_request(request)
        with translation.override(language):
            super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (password reset, email confirmation) go through the outbox, like every
        other email: written in the request's transaction, sent after the commit and again until the
        mail server takes them. Sending them on the spot answered 500 while the mail server was down.
        Rendered by allauth's own templates, in the recipient's language when allauth names them."""
        request = allauth_context.request
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_rendered_email(
            key=f"account:{uuid.uuid4().hex}",  # each request its own email, as allauth sends them
            kind=template_prefix.removeprefix("account/email/")[:64],
            to_email=email,
            rendered=RenderedEmail(subject=message.subject, body=message.body),
            language=language,
            recipient=user if isinstance(user, User) else None,
        )


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted, not in the clear."""

    def _fernet(self) -> Fernet:
        key = settings.MFA_ENCRYPTION_KEY or hashlib.sha256(f"mfa:{settings.SECRET_KEY}".encode()).digest()
        if isinstance(key, str):
            key = hashlib.sha256(key.encode()).digest()
        return Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, text: str) -> str:
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return self._fernet().decrypt(encrypted_text.encode()).decode()
