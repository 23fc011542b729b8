"""Benchmarks of newsearch (see README.md here). Not part of the installed package."""
