"""Deployment files and their checks (make check-deploy)."""
