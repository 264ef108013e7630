"""API of the assessment of partnership models."""

from ninja import Router

router = Router(tags=["assessment"])
