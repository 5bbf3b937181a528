"""Importing releases: the dump parser (pure Python), the file formats, and the one function that writes them."""
