# stream-10m-plm: the 10M-row streaming panel fitted by R's plm (two-way within, clustered by unit).
# The data: data.sql run by DuckDB and written as CSV, e.g. with DuckDB's CLI or DuckDB.NET:
#   COPY (<data.sql with {rows} = 10000000>) TO 'stream-10M.csv' (HEADER)
# (689 MB; not committed: DuckDB regenerates it bit for bit). Run: Rscript reference.R stream-10M.csv > expected.txt
# Took 159 s and 5.3 GB on the 2-core machine (R 4.2.2, plm 2.6.2, data.table 1.14.8).
suppressMessages({library(data.table); library(plm)})
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time()
d <- fread(if (length(args) > 0) args[1] else "stream-10M.csv")
p <- pdata.frame(as.data.frame(d), index = c("unit", "time"))
m <- plm(y ~ x1 + x2, data = p, model = "within", effect = "twoways")
# HC0 cluster-robust (Arellano) by unit: no small-sample factor, which the test applies (see README).
V0 <- vcovHC(m, method = "arellano", type = "HC0", cluster = "group")
N <- nrow(d); G <- length(unique(d$unit)); Tn <- length(unique(d$time))
cat(sprintf("N=%d G=%d T=%d seconds=%.1f\n", N, G, Tn, as.numeric(difftime(Sys.time(), t0, units = "secs"))))
b <- coef(m)
for (k in names(b)) cat(sprintf("coef %s %.17g se_hc0 %.17g\n", k, b[[k]], sqrt(V0[k, k])))
cat(sprintf("rss %.17g\n", sum(residuals(m)^2)))
