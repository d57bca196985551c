"""Who may see the dashboard, and whose caseloads."""


def may_see_dashboard(user) -> bool:
    """Every active adviser has a dashboard of her caseload."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def may_see_every_caseload(user) -> bool:
    """The head of programme sees every adviser's caseload, and each adviser's alone."""
    return bool(may_see_dashboard(user) and user.leads_programme)


def may_search(user) -> bool:
    """Advisers and partner contacts search; a participant sees only her own exchange (her portal)."""
    return bool(user.is_authenticated and user.is_active and (user.is_adviser or user.is_partner_contact))
