"""Making the site's pages, one module per page type, as Markdown with front matter.

:mod:`~generator.pages.site` holds what every page shares (settings, addresses, the renderer);
:mod:`~generator.pages.labelpage` the verified label page, :mod:`~generator.pages.listings` the listings and
level pages, :mod:`~generator.pages.counts` the countries and sectors pages, :mod:`~generator.pages.home` the
home page, :mod:`~generator.pages.maps` the map pages, :mod:`~generator.pages.search` the search documents and
index; :mod:`~generator.pages.prerender` passes a page that is HTML already through without a Markdown
parser. Imports records, the shared rendering layer and open data's top level; never an engine.
"""
