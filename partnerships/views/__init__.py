"""Views of the partnerships app, one module per concern: organisations, the case list and page
(cases), the application form, the actions of each phase (prestudy, application_actions,
agreement, follow_up, exits) and how every action answers (responses)."""
