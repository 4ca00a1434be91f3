"""Pure business logic: no Flask, no database."""
