"""factory_boy factories shared by every app's tests."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from seccoop.competencies.models import (
    Competency,
    CompetencyKind,
    Framework,
    ProficiencyLevel,
    ProficiencyScale,
)
from seccoop.workforce.models import (
    OrgUnit,
    OrgUnitKind,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleRequirement,
    RoleTemplate,
    RoleType,
)

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])
        if create:
            self.save()


OPM_LEVELS = [
    (0, "None"),
    (1, "Awareness"),
    (2, "Basic"),
    (3, "Intermediate"),
    (4, "Advanced"),
    (5, "Expert"),
]


class ProficiencyScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProficiencyScale
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Scale {n}")
    proficient_value = 3

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        for value, name in extracted or OPM_LEVELS:
            ProficiencyLevel.objects.create(scale=self, value=value, name=name)


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    title = factory.Sequence(lambda n: f"Framework {n}")
    scale = factory.SubFactory(ProficiencyScaleFactory)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"{n}.0")
    kind = CompetencyKind.COMPETENCY
    title = factory.Sequence(lambda n: f"Competency {n}")
    description = "What the competency is about."
    sort_order = factory.Sequence(lambda n: n)


class SubCompetencyFactory(CompetencyFactory):
    parent = factory.SubFactory(CompetencyFactory, framework=factory.SelfAttribute("..framework"))
    code = factory.Sequence(lambda n: f"1.{n}")
    kind = CompetencyKind.SUB_COMPETENCY
    title = ""
    description = factory.Sequence(lambda n: f"Do the thing number {n}.")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = OrgUnitKind.TEAM


class RoleTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleType

    slug = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"Role {n}")


class RoleTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleTemplate

    role_type = factory.SubFactory(RoleTypeFactory)
    framework = factory.SubFactory(FrameworkFactory)
    name = factory.LazyAttribute(lambda o: f"{o.role_type.name} template")


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    template = factory.SubFactory(RoleTemplateFactory)
    competency = factory.SubFactory(SubCompetencyFactory)
    level = 3


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.mil".lower())


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Position {n}")
    role_type = factory.SubFactory(RoleTypeFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    person = factory.SubFactory(PersonFactory)
    competency = factory.SubFactory(SubCompetencyFactory)
    level = 2
    source = RatingSource.SUPERVISOR
    rated_on = factory.LazyFunction(datetime.date.today)
