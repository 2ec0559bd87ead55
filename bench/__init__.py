"""Benchmarks: ``make bench`` runs them side by side with their peers and prints ratios."""
