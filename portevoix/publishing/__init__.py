"""Claim due targets, publish them through their connector, record every attempt."""
