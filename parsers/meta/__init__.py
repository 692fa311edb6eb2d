"""Metadata: the header scan, titles, names and bylines, dates, and the choice among what an HTML
page's markup declares."""
