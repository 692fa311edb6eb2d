"""Reading inputs: files, bytes, gzip, scraper records, the one suffix table; each input into its
results."""
