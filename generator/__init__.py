"""Registry of cluster management excellence labels: load, validate and publish the records."""

from __future__ import annotations

__version__ = "0.1.0"
