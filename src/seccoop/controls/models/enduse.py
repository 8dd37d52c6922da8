"""End-use monitoring: articles delivered under cases, their inventories and incidents.

Enhanced end-use monitoring (EEUM) items carry serial numbers; each is
inventoried within 90 days of arriving in the partner nation and every year
after. Whether an item is under enhanced monitoring comes from its
designation (the EEUM-designated article it is, or the designated case line
that provides it, SAMM C8.4), never from entry. A loss, theft, unauthorized
access or transfer is reported within a number of days of its discovery that
no public source fixes: it is the setting SECCOOP_EUM_INCIDENT_REPORT_DAYS
(30 unless set).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.workforce.models import Person

__all__ = [
    "ANNUAL_INVENTORY_DAYS",
    "incident_report_days",
    "INITIAL_INVENTORY_DAYS",
    "EndUseItem",
    "IncidentKind",
    "Inventory",
    "InventoryResult",
    "MonitoringLevel",
    "UseIncident",
]

INITIAL_INVENTORY_DAYS = 90
ANNUAL_INVENTORY_DAYS = 365


def incident_report_days() -> int:
    """Days from an incident's discovery to its report: a setting, as no source fixes it."""
    return settings.SECCOOP_EUM_INCIDENT_REPORT_DAYS


class MonitoringLevel(models.TextChoices):
    ROUTINE = "routine", "Routine"
    ENHANCED = "enhanced", "Enhanced"


class EndUseItem(DomainModel):
    """An article delivered under a case whose end use the directorate monitors."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    case = models.ForeignKey(
        "programs.Case", on_delete=models.PROTECT, related_name="end_use_items"
    )
    case_line = models.ForeignKey(
        "programs.CaseLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="end_use_items",
    )
    description = models.CharField(max_length=300)
    article = models.ForeignKey(
        "controls.EeumArticle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="EEUM-designated article",
        help_text="The designated article this item is, if it is one (SAMM C8.4).",
    )
    monitoring = models.CharField(
        max_length=10,
        choices=MonitoringLevel.choices,
        default=MonitoringLevel.ROUTINE,
        editable=False,
        help_text="Read from the item's designation or its case line's (SAMM C8.4), not entered.",
    )
    serial_number = models.CharField(
        max_length=100, blank=True, help_text="Required for enhanced monitoring."
    )
    quantity = models.PositiveIntegerField(default=1)
    arrived_on = models.DateField(
        null=True, blank=True, help_text="The day it arrived in the partner nation."
    )
    location = models.CharField(max_length=200, blank=True)
    disposed_on = models.DateField(
        null=True, blank=True, help_text="Demilitarized, destroyed or returned: monitoring ends."
    )

    class Meta:
        ordering = ["case", "description", "serial_number"]
        verbose_name = "end-use item"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "serial_number"],
                condition=~models.Q(serial_number=""),
                name="end_use_item_serial_once_per_case",
                violation_error_message="This serial number is already recorded on this case.",
            ),
            models.CheckConstraint(
                condition=~models.Q(monitoring="enhanced", serial_number=""),
                name="end_use_item_enhanced_has_serial",
                violation_error_message="An item under enhanced monitoring has a serial number.",
            ),
        ]
        indexes = [
            # The delinquency list: enhanced items in service.
            models.Index(fields=["monitoring", "disposed_on"], name="end_use_item_monitoring_idx"),
        ]

    def __str__(self) -> str:
        if self.serial_number:
            return f"{self.description} s/n {self.serial_number}"
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("controls:item-detail", args=[self.pk])

    def designated_monitoring(self) -> str:
        """Enhanced when the item's article or its case line is designated (SAMM C8.4)."""
        from seccoop.controls.models.oversight import CaseLineDesignation

        if self.article_id and self.article.withdrawn_on is None:
            return MonitoringLevel.ENHANCED
        if self.case_line_id and (
            self.case_line.enhanced_monitoring
            or CaseLineDesignation.objects.active().filter(case_line_id=self.case_line_id).exists()
        ):
            return MonitoringLevel.ENHANCED
        return MonitoringLevel.ROUTINE

    def designation_source(self) -> str:
        """Where the item's monitoring level comes from, in words."""
        if self.article_id and self.article.withdrawn_on is None:
            reference = self.article.designation_reference
            return f"The article “{self.article}” is designated ({reference})."
        designation = (
            getattr(self.case_line, "eeum_designation", None) if self.case_line_id else None
        )
        if designation is not None and designation.archived_at is None:
            return f"Case line {self.case_line.number} is designated ({designation.loa_note})."
        if self.case_line_id and self.case_line.enhanced_monitoring:
            return f"Case line {self.case_line.number} is designated by its LOA note."
        return "Neither the item nor its case line is designated for enhanced monitoring."

    def clean(self):
        errors = {}
        self.monitoring = self.designated_monitoring()
        if self.monitoring == MonitoringLevel.ENHANCED:
            if not self.serial_number.strip():
                errors["serial_number"] = "An item under enhanced monitoring has a serial number."
            if self.quantity != 1:
                errors["quantity"] = "An item under enhanced monitoring is one serialized article."
        if self.case_line_id and self.case_id and self.case_line.case_id != self.case_id:
            errors["case_line"] = "The case line belongs to another case."
        if self.disposed_on and self.arrived_on and self.disposed_on < self.arrived_on:
            errors["disposed_on"] = "An item is disposed of after it arrives."
        elif self.disposed_on and self.pk and self._stored_disposal() is None:
            # Recording the disposal of an item on file, by any path (page, import, API).
            refusal = self.consent_refusal("disposal")
            if refusal:
                errors["disposed_on"] = refusal
        if errors:
            raise ValidationError(errors)

    def _stored_disposal(self) -> datetime.date | None:
        return (
            type(self)._default_manager.filter(pk=self.pk).values_list("disposed_on", flat=True)
        ).first()

    def consent_refusal(self, kind: str) -> str | None:
        """Why this item may not be transferred, re-purposed or disposed of yet, or None.

        Each needs the U.S. Government's prior written consent (AECA sec. 3(a)(2);
        SAMM C8.7), recorded as an approved end-use request of that kind.
        """
        from seccoop.controls.models.oversight import EndUseRequestKind, EndUseRequestOutcome

        if (
            self.end_use_requests.active()
            .filter(kind=kind, outcome=EndUseRequestOutcome.APPROVED)
            .exists()
        ):
            return None
        label = EndUseRequestKind(kind).label.lower()
        return (
            f"No consent to the {label} of {self} is recorded: it needs the U.S. Government's "
            "prior written consent (AECA sec. 3(a)(2); SAMM C8.7)."
        )

    def save(self, *args, **kwargs):
        self.monitoring = self.designated_monitoring()
        super().save(*args, **kwargs)
        if not self.external_id:
            # Every record gets a key, so an export imports back onto the same records.
            self.external_id = f"EUI-{self.pk}"
            type(self)._default_manager.filter(pk=self.pk).update(external_id=self.external_id)

    @property
    def is_enhanced(self) -> bool:
        return self.monitoring == MonitoringLevel.ENHANCED

    def inventory_due(self, last_inventory: datetime.date | None) -> datetime.date | None:
        """When the next inventory is due: 90 days after arrival, then a year after the last."""
        if not self.is_enhanced or self.arrived_on is None or self.disposed_on is not None:
            return None
        if last_inventory is None:
            return self.arrived_on + datetime.timedelta(days=INITIAL_INVENTORY_DAYS)
        return last_inventory + datetime.timedelta(days=ANNUAL_INVENTORY_DAYS)


class InventoryResult(models.TextChoices):
    ACCOUNTED = "accounted-for", "Accounted for"
    DISCREPANCY = "discrepancy", "Discrepancy found"


class Inventory(DomainModel):
    """A physical inventory of an end-use item: seen, where, and in what state."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F",)
    # Whoever performed it practised them (partners.services.named_people).
    evidence_from = ("performed_by", "inventoried_on")

    item = models.ForeignKey(EndUseItem, on_delete=models.CASCADE, related_name="inventories")
    inventoried_on = models.DateField()
    result = models.CharField(max_length=20, choices=InventoryResult.choices)
    performed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "-inventoried_on"]
        verbose_name_plural = "inventories"
        indexes = [
            # The latest inventory of each item (clocks and the delinquency list).
            models.Index(fields=["item", "-inventoried_on"], name="inventory_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"Inventory of {self.item} on {self.inventoried_on}"

    def clean(self):
        arrived_on = self.item.arrived_on if self.item_id else None
        if arrived_on and self.inventoried_on and self.inventoried_on < arrived_on:
            raise ValidationError({"inventoried_on": "An item is inventoried after it arrives."})


class IncidentKind(models.TextChoices):
    LOSS = "loss", "Loss"
    THEFT = "theft", "Theft"
    UNAUTHORIZED_ACCESS = "unauthorized-access", "Unauthorized access"
    UNAUTHORIZED_TRANSFER = "unauthorized-transfer", "Unauthorized transfer"


class UseIncident(DomainModel):
    """A loss, theft, unauthorized access or transfer of an end-use item, to report in time.

    The report is due SECCOOP_EUM_INCIDENT_REPORT_DAYS after discovery (a setting).
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    item = models.ForeignKey(EndUseItem, on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField(max_length=30, choices=IncidentKind.choices)
    occurred_on = models.DateField(null=True, blank=True)
    discovered_on = models.DateField()
    description = models.TextField()
    reported_on = models.DateField(null=True, blank=True)
    corrective_action = models.TextField(blank=True)

    class Meta:
        ordering = ["-discovered_on", "-pk"]
        verbose_name = "end-use incident"
        indexes = [
            # The delinquency list: unreported incidents by discovery day.
            models.Index(fields=["reported_on", "discovered_on"], name="incident_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.item}"

    def clean(self):
        errors = {}
        if self.occurred_on and self.discovered_on and self.discovered_on < self.occurred_on:
            errors["discovered_on"] = "An incident is discovered on or after it occurs."
        if self.reported_on and self.discovered_on and self.reported_on < self.discovered_on:
            errors["reported_on"] = "An incident is reported on or after its discovery."
        if errors:
            raise ValidationError(errors)

    @property
    def report_due(self) -> datetime.date:
        return self.discovered_on + datetime.timedelta(days=incident_report_days())

    def report_overdue(self, today: datetime.date) -> bool:
        return self.reported_on is None and today > self.report_due

    @property
    def reported_late(self) -> bool:
        return self.reported_on is not None and self.reported_on > self.report_due
