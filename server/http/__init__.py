"""HTTP machinery every API we serve is built from: the restx Api and its documents,
reading input, problem+json errors, listing, cursors, idempotent writes, security headers
and the web client's files. Resources live in `controllers/`; nothing here knows them."""
