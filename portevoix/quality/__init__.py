"""Checks run on every save and again just before publishing: length, media, links, spelling."""
