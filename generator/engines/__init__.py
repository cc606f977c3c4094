"""Engine adapters: each translates an engine's events into calls of :class:`generator.assembly.builder.Builder`.

:mod:`~generator.engines.mkdocs_plugin` is the one for MkDocs and its maintained continuations (ProperDocs,
mkdocs-ng). The only package that imports an engine.
"""
