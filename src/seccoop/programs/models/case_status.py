"""Reconciliations of a case-status extract against the cases the app holds.

An implementing agency's case-status report (from DSAMS or SCIP) is brought in
rather than re-keyed: each upload is reconciled case by case and field by
field. Where the app holds nothing and the extract has a value, the value is
filled in; where both hold values that differ, the difference is listed for
the case manager and nothing is changed. Every run is kept with its list, so
the case manager can come back to it and say, for each disagreement, whether
the app's value stands or the extract's was applied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.programs.models.cases import Case

__all__ = [
    "CaseStatusReconciliation",
    "ReconciliationFinding",
    "ReconciliationStatus",
    "FindingKind",
    "FindingResolution",
]


class ReconciliationStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not applied"
    APPLIED = "applied", "Applied"


class CaseStatusReconciliation(models.Model):
    """One upload of a case-status extract: who brought it, when, and what it found.

    A previewed run keeps the uploaded file until it is confirmed, so any app
    server can apply it; an applied run keeps only its findings.
    """

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ReconciliationStatus.choices, default=ReconciliationStatus.PREVIEWED
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(blank=True, default=b"")
    rows_read = models.PositiveIntegerField(default=0)
    cases_in_file = models.PositiveIntegerField(default=0)
    cases_matched = models.PositiveIntegerField(default=0)
    filled = models.PositiveIntegerField(default=0)
    disagreements = models.PositiveIntegerField(default=0)
    unknown_cases = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "case-status reconciliation"
        indexes = [
            # The list of past runs, newest first.
            models.Index(fields=["status", "imported_at"], name="case_reconciliation_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class FindingKind(models.TextChoices):
    FILLED = "filled", "Filled from the extract"
    DISAGREES = "disagrees", "Disagrees"
    UNKNOWN = "unknown", "Case not held"


class FindingResolution(models.TextChoices):
    OPEN = "", "Open"
    KEPT = "kept", "Kept the app's value"
    APPLIED = "applied", "Applied the extract's value"


class ReconciliationFinding(DomainModel):
    """One line of a reconciliation's report: a field filled, a disagreement, or an unknown case.

    Values are kept as text, as the extract gave them and as the app held them
    at the time, so the report reads the same after either changes.
    """

    reconciliation = models.ForeignKey(
        CaseStatusReconciliation, on_delete=models.CASCADE, related_name="findings"
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reconciliation_findings",
    )
    identifier = models.CharField(
        max_length=30, help_text="The case identifier as the extract gave it."
    )
    case_version = models.CharField(
        max_length=20,
        blank=True,
        help_text="The case version the extract reported (Basic, A01, M01).",
    )
    row = models.PositiveIntegerField(help_text="The extract's row, as a spreadsheet numbers it.")
    kind = models.CharField(max_length=10, choices=FindingKind.choices)
    field = models.CharField(max_length=40, blank=True)
    label = models.CharField(max_length=100, blank=True)
    app_value = models.CharField(max_length=300, blank=True)
    extract_value = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)
    resolution = models.CharField(
        max_length=10, choices=FindingResolution.choices, default=FindingResolution.OPEN, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reconciliation", "row", "pk"]
        verbose_name = "reconciliation finding"
        indexes = [
            # A run's report in row order.
            models.Index(fields=["reconciliation", "row"], name="case_finding_run_row_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.label or self.get_kind_display()}"

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()
