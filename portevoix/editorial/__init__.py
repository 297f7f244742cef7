"""Posts adapted per channel, the calendar, posting slots, cadence goals and approvals."""
