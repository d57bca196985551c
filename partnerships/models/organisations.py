from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from norec.core.roles import Role

NORTH_COUNTRIES = {"NO"}  # Norec exchanges run between Norway (north) and the south


class OrganisationKind(models.TextChoices):
    PUBLIC = "public", _("Public institution")
    NGO = "ngo", _("Non-governmental organisation")
    COMPANY = "company", _("Company")
    EDUCATION = "education", _("Educational institution")
    HEALTH = "health", _("Health institution")
    OTHER = "other", _("Other")


class PartnerOrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_adviser:
            return self
        if user.is_partner_contact:
            return self.filter(contacts=user)
        return self.none()


class PartnerOrganisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner contacts"),
        related_name="organisations",
        blank=True,
        limit_choices_to={"role": Role.PARTNER_CONTACT},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_country")]
        # The search finds an organisation by a part of its name or a typo in it (PostgreSQL only).
        indexes = [GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="organisation_name_trgm")]

    def __str__(self):
        return f"{self.name} ({self.country.name})"

    def get_absolute_url(self):
        return reverse("partnerships:organisation_detail", args=[self.pk])

    @property
    def is_north(self) -> bool:
        return self.country.code in NORTH_COUNTRIES
