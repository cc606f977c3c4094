"""Reading and checking records: the first stage of every build.

YAML files are read strictly with their positions (:mod:`~generator.records.loader`), checked against the
schema and the registry's rules, each problem at its file, line, column and field
(:mod:`~generator.records.checks`, :mod:`~generator.records.validate`), and become the typed, immutable
registry (:mod:`~generator.records.model`); :mod:`~generator.records.status` decides, once per cluster and
build date, what each label's status is. Imports nothing of the other stages.
"""
