"""Filled by a later issue; the app exists now so the layout is stable."""
