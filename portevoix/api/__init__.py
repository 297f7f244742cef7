"""The REST API under /api/v1/: brand-scoped tokens or the web session, JSON errors with stable
codes. Every write goes through the owning app's actions with `via="api"`."""
