from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core: users, roles, audit and timelines, invitations, uploads, PDF, email, FSM helpers.

    Its label stays "norec" (the app it was before it became a subpackage), so the user model is
    still `norec.User` and existing migrations and permissions keep their names."""

    default = True
    name = "norec.core"
    label = "norec"
    verbose_name = _("Norec Exchange")

    def ready(self):
        from norec.core.demo import register_demo_builder
        from norec.core.menu import register_account_page, register_menu_entry
        from norec.core.reminders.demo import seed_demo_reminders
        from norec.core.reminders.permissions import may_see_all_reminders
        from norec.core.stored_files import connect_file_removal

        connect_file_removal()

        register_menu_entry(_("Administration"), "admin:index", order=90, visible_to=lambda user: user.is_adviser)
        register_menu_entry(
            _("Emails"), "admin:norec_outboxmessage_changelist", order=91, visible_to=lambda user: user.is_adviser
        )
        register_menu_entry(_("Reminders sent"), "reminders:all", order=92, visible_to=may_see_all_reminders)
        register_menu_entry(_("Account security"), "mfa_index", order=100, visible_to=lambda user: True)
        register_account_page(_("Reminders"), "reminders:mine")
        # After every app's demo data: the sweeps of the last days, so people have a reminder history.
        register_demo_builder(seed_demo_reminders, order=99)


class NorecAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "norec.core.admin_site.NorecAdminSite"
