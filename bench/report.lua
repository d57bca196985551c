-- wrk's summary as one line bench/run.py reads: requests/s, p50 and p95 latency (µs), requests,
-- and errors (connection errors, timeouts and non-2xx/3xx answers).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %.2f %.0f %.0f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(95),
    summary.requests, errors))
end
