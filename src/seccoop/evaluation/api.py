"""The evaluation app through the API."""

from ninja import Router

router = Router(tags=["evaluation"])
