"""Benchmark tooling: a seeded company, a hand-written baseline, and the runner."""
