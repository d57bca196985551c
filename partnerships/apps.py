from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from norec.audit import register_actions

        register_actions({"organisation.contact_added": _("Partner contact added")})
