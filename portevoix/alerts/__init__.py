"""Spike ("bad buzz") detection, alert rules, digests and their delivery."""
