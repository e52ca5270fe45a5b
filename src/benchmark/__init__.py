"""Cluster policy benchmarking workbook: sourced policy data, comparisons and HTML briefs."""

__version__ = "0.1.0"
