"""The Django admin of the evaluation records, for operators."""

from django.contrib import admin

from seccoop.core.admin import DomainAdmin
from seccoop.evaluation.kinds import KINDS


def _admin_for(kind):
    searchable = [
        name
        for name in ("title", "name", "code", "text")
        if name in {field.name for field in kind.model._meta.fields}
    ]
    return type(
        f"{kind.model.__name__}Admin",
        (DomainAdmin,),
        {
            "list_display": ["__str__", *[c for c in kind.columns if c in kind.fields]],
            "search_fields": searchable,
            "list_select_related": list(kind.select),
        },
    )


for _kind in KINDS.values():
    admin.site.register(_kind.model, _admin_for(_kind))
