"""Sales and transfer cases: FMS, BPC, DCS and hybrids, from request to closure."""

from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = ["Case", "CaseLine"]


class Case(DomainModel):
    """A sales or transfer case with one partner nation."""

    identifier = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=300)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cases")

    class Meta:
        ordering = ["identifier"]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"


class CaseLine(DomainModel):
    """One line of a case: an item or service with its quantity and value."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField()
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["case", "number"]

    def __str__(self) -> str:
        return f"{self.case.identifier} line {self.number}"
