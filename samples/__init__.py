"""Realistic sample scans with ground truth, for the demo, tests and benchmarks."""
