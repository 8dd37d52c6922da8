"""International armaments cooperation programs and projects with partner nations."""

from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = ["Program"]


class Program(DomainModel):
    """A cooperative program or project with partner nations."""

    name = models.CharField(max_length=300)
    countries = models.ManyToManyField(Country, blank=True, related_name="programs")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
