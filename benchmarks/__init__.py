"""Benchmark support: synthetic German data (``synthetic``) for scripts/benchmark.py and tests."""
