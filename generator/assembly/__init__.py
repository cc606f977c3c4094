"""Assembling the site: every output in its order, and how the work is shared out, whichever engine publishes it.

:mod:`~generator.assembly.outputs` lists every page and data file of the site; :mod:`~generator.assembly.builder`
orchestrates one build or preview (validation first, workers, pending data files, the search index);
:mod:`~generator.assembly.workers` runs label pages in worker processes; :mod:`~generator.assembly.handover` holds
what waits between the engine's events; :mod:`~generator.assembly.preview` is the page a preview shows while
the registry does not validate. Imports every stage below it, never an engine.
"""
