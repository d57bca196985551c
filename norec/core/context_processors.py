from norec.core.menu import account_pages, menu_for


def navigation(request):
    """The main menu for the signed-in user's role (entries registered by the apps)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user, request.path), "account_pages": account_pages}
