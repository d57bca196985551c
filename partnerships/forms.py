from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class InviteContactForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254)  # as User.email
    preferred_language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES, initial="en"
    )
