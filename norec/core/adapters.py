import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by advisers (invitations or the admin), never by sign-up.
        return False


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
