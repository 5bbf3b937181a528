"""The public site: thin views, feeds, sitemaps, filters and search over the public querysets, and their cache."""
