"""The sign-in form: allauth's, its labels written as the rest of the service writes them."""

from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:  # allauth says "Remember Me"; our labels are in sentence case
            self.fields["remember"].label = _("Remember me")
