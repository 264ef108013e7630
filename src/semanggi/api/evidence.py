"""API of the evidence workbench."""

from ninja import Router

router = Router(tags=["evidence"])
