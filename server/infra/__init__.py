"""Infrastructure the use cases stand on: the unit of work, the event store, paging,
idempotent outcomes, e-mail delivery, health, record lookups. Nothing here knows a use case."""
