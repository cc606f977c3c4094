"""How many processes a build can run side by side."""

from __future__ import annotations

import os


def processes() -> int:
    """One per processor this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
