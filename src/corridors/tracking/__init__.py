"""Shipment tracking services: organizations and keys, shipments, events, ETA and webhooks.

Services take a :class:`~corridors.tracking.context.Context` (database, network, limits) and the
:class:`~corridors.tracking.context.Caller`, do one unit of work, and return the ``...Public``
schemas of :mod:`corridors.tracking.schemas`. Faces (REST API, CLI, web) only call them.
"""

from __future__ import annotations

from corridors.tracking.context import Caller, Context

__all__ = ["Caller", "Context"]
