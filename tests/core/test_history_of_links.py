"""Every many-to-many field of every domain record keeps its links in the record's history."""

from django.apps import apps
from django.db.models.signals import m2m_changed

from seccoop.core.history import link_copies
from seccoop.core.models import DomainModel


def domain_links() -> list:
    return [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, DomainModel)
        for field in model._meta.many_to_many
    ]


def test_every_many_to_many_field_of_a_domain_record_keeps_its_links_in_history():
    # The releasable countries of each marked record count once per record kind.
    assert len(domain_links()) >= 24
    untracked = [
        f"{model._meta.label}.{field.name}"
        for model, field in domain_links()
        if field not in model.history.model._history_m2m_fields
        or link_copies(field) is None
        or not m2m_changed.has_listeners(field.remote_field.through)
    ]
    assert untracked == [], "Give these fields a history: see seccoop/core/history.py"
