"""The maintainers' and contributors' tools: what changed in a pull request, which records are due for a
check, whether cited addresses still answer, a new record by interview, and what the site says of who
publishes it. Imports records, rendering, pages and open data; never the build or an engine.
"""
