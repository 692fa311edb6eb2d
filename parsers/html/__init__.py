"""HTML input: the page's tree cut into blocks (dom), the metadata of its markup (page: dates,
credits, scans of the raw HTML), and trafilatura's metadata step (upstream, author_search,
catstags_search)."""
