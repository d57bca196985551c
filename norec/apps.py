from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NorecConfig(AppConfig):
    default = True
    name = "norec"
    verbose_name = _("Norec Exchange")


class NorecAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "norec.admin_site.NorecAdminSite"
