"""Sources, standing queries, the matcher, mentions and their enrichment."""
