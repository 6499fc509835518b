-- The streaming benchmark's panel (bench/ModelDsl.Benchmarks/StreamingBenchmark.cs, WriteWithCopy): 100 periods per
-- unit, every value a function of the row number i (DuckDB's hash), so any engine run gives the same rows.
-- {rows} is replaced by the number of rows (10,000,000 here: 100,000 units).
SELECT i // 100 AS unit, 2000 + i % 100 AS time,
    (hash(i, 1) >> 11) * pow(2, -53) + sin((i // 100) * 0.7) * 2 AS x1,
    (hash(i, 2) >> 11) * pow(2, -53) + sin(i % 100) AS x2,
    0.5 * x1 - 0.3 * x2 + sin((i // 100) * 0.7) * 2 + sin(i % 100) + (hash(i, 3) >> 11) * pow(2, -53) - 0.5 AS y
FROM range(0, {rows}) t(i)
