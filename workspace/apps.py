from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """Each role's home page and, later, the adviser's caseload dashboard: pages that gather
    work from every domain app, so this app sits above all of them."""

    name = "workspace"
    verbose_name = _("Workspace")

    def ready(self):
        from norec.core.menu import register_menu_entry
        from workspace.permissions import may_see_dashboard

        register_menu_entry(_("Home"), "home", order=0, visible_to=lambda user: user.is_authenticated)
        register_menu_entry(_("Dashboard"), "dashboard", order=5, visible_to=may_see_dashboard)
