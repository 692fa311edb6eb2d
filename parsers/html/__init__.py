"""Metadata: the header scan, titles, names and bylines, dates, and the choice among what an HTML
pages markup declares.' > parsers/meta/__init__.py && echo 'HTML input: the pages tree cut into blocks (dom), the metadata of its markup (page), and the
searches transcribed from trafilatura (author_search, catstags_search)."""
