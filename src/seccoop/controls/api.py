"""The controls app through the API."""

from ninja import Router

router = Router(tags=["controls"])
