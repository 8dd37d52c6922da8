"""Trees stored with a materialized path, so a subtree is one indexed prefix query.

Org units (directorate, divisions, teams) and the supervisor chain of
positions are trees. Asking "everyone under this division" or "everyone this
supervisor rates" must not walk the tree row by row, so each node keeps the
path of primary keys from its root: "/1/5/23/".
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr


class MaterializedPathNode(models.Model):
    """A node of a tree whose parent is the field named by TREE_PARENT."""

    TREE_PARENT = "parent"

    path = models.CharField(max_length=1000, editable=False, default="", db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            parent = self._parent()
            new_path = f"{parent.path if parent else '/'}{self.pk}/"
            if new_path != old_path:
                model = type(self)
                model._default_manager.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    model._default_manager.filter(path__startswith=old_path).exclude(
                        pk=self.pk
                    ).update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
                self.path = new_path

    def _parent(self):
        return getattr(self, self.TREE_PARENT)

    def _parent_id(self):
        return getattr(self, f"{self.TREE_PARENT}_id")

    def clean_tree(self):
        """Refuse a parent that is the node itself or one of its descendants."""
        parent = self._parent()
        if parent is None or self.pk is None:
            return
        if parent.pk == self.pk or f"/{self.pk}/" in parent.path:
            raise ValidationError(
                {self.TREE_PARENT: "This would make the record its own ancestor (a cycle)."}
            )

    def descendants(self, include_self: bool = True) -> models.QuerySet:
        qs = type(self)._default_manager.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    @classmethod
    def rebuild_paths(cls) -> None:
        """Recompute every path from the parent links in one read and one bulk write.

        Used after bulk inserts, which bypass save(). Raises ValidationError
        naming a record that is part of a cycle.
        """
        edges = dict(cls._default_manager.values_list("pk", f"{cls.TREE_PARENT}_id"))
        paths: dict[int, str] = {}
        for pk in edges:
            chain, node = [], pk
            while node is not None and node not in paths:
                if node in chain:
                    raise ValidationError(
                        f"{cls._meta.verbose_name} {node} is its own ancestor (a cycle)."
                    )
                chain.append(node)
                node = edges.get(node)
            prefix = paths[node] if node is not None else "/"
            for member in reversed(chain):
                prefix = f"{prefix}{member}/"
                paths[member] = prefix
        objs = [cls(pk=pk, path=path) for pk, path in paths.items()]
        cls._default_manager.bulk_update(objs, ["path"], batch_size=2000)
