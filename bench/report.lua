-- wrk's summary as one line bench/run.py reads: requests, the measured duration (µs), p50 and p95
-- latency (µs), and errors (connection errors, timeouts and non-2xx/3xx answers). run.py adds up
-- requests and durations over a page's slices.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %d %.0f %.0f %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), errors))
end
