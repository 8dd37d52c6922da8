"""Sales and transfer cases through the API."""

from ninja import Router

router = Router(tags=["cases"])
