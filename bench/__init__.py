"""The page throughput benchmark (`make bench`): bench/run.py drives it, bench/caseload.py builds the data."""
