"""Request and response shapes (restx models): they drive the Swagger spec and input checks."""
