import factory
from allauth.account.models import EmailAddress

from norec.core.models import User
from norec.core.roles import Role
from partnerships.models import OrganisationKind, PartnerOrganisation

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.PARTNER_CONTACT
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AdviserFactory(UserFactory):
    role = Role.ADVISER
    email = factory.Sequence(lambda n: f"adviser{n}@norec.example")


class ParticipantFactory(UserFactory):
    role = Role.PARTICIPANT
    email = factory.Sequence(lambda n: f"participant{n}@example.org")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "UG"
    kind = OrganisationKind.NGO

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(*extracted)
