"""Who may see which reminders, and run the sweep."""


def may_see_all_reminders(user) -> bool:
    """Advisers follow what was sent to everyone, and what failed."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def may_run_sweep(user) -> bool:
    return may_see_all_reminders(user)


def may_choose_reminders(user) -> bool:
    """Everyone signed in has their own history and settings."""
    return bool(user.is_authenticated and user.is_active)
