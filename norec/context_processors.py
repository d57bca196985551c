from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The main menu for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"))]
    if user.is_adviser or user.is_partner_contact:
        items.append((_("Partnerships"), reverse("partnerships:case_list")))
        items.append((_("Organisations"), reverse("partnerships:organisation_list")))
    if user.is_adviser:
        items.append((_("Administration"), reverse("admin:index")))
    items.append((_("Account security"), reverse("mfa_index")))
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "current": current == url or (url != "/" and current.startswith(url))}
            for label, url in items
        ]
    }
