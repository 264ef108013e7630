"""API of the needs catalogue, offers, matching and region figures."""

from ninja import Router

router = Router(tags=["needs"])
