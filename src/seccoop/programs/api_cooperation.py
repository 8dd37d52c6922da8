"""Cooperation programs and international agreements through the API."""

from ninja import Router

router = Router(tags=["programs"])
