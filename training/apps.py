from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from training.checklist import register_item_keys

        register_item_keys()  # the enrolment items of the participants' checklists
