"""International agreements: MOUs, project arrangements, loans and annexes."""

from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = ["Agreement"]


class Agreement(DomainModel):
    """An international agreement with one or more partner nations."""

    title = models.CharField(max_length=300)
    countries = models.ManyToManyField(Country, blank=True, related_name="agreements")
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
