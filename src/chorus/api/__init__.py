"""The HTTP API and web page over a Chorus store (issue #7): `create_app(store_location, token)`."""

from __future__ import annotations

from chorus.api.app import create_app

__all__ = ["create_app"]
