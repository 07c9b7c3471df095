"""Benchmarks for Entanglement Map and the synthetic national-scale graphs they run on (not part of the tests).

``python -m bench.generate --size 100k|1m --out DIR`` writes a data set folder; ``python -m bench`` runs every
benchmark (see bench/README.md).
"""
