"""Views of the partnerships app, one module per page family: organisations, cases, application."""
