# Writes abdata.csv and mroz.csv, the two data sets of the Stata ivreg2 numbers in expected.json.
# Run once: cd iv-diagnostics-stata && Rscript make_data.R
source("../common.R")

# abdata (Arellano and Bond 1991; Stata: use http://fmwww.bc.edu/ec-p/data/macro/abdata.dta) is plm's EmplUK with
# n, w, k, ys the logs of emp, wage, capital and output. Stata stores them as float: each is
# float(log(float(x))), and the time-series operators d. and d2. in the ivreg2 call are stored as float too.
# With that rounding the first-stage F of w reproduces Stata's to 2e-14 (without it, to 2e-7).
f32 <- function(x) readBin(writeBin(x, raw(), size = 4), "numeric", size = 4, n = length(x))
data("EmplUK", package = "plm")
d <- EmplUK[order(EmplUK$firm, EmplUK$year), ]
tr <- function(x) f32(log(f32(x)))
lagv <- function(v, j) {
  out <- rep(NA_real_, length(v))
  for (i in seq_along(v)) if (i > j && d$firm[i - j] == d$firm[i] && d$year[i - j] == d$year[i] - j) out[i] <- v[i - j]
  out
}
D1 <- function(v) f32(v - lagv(v, 1))
D2 <- function(v) f32(v - 2 * lagv(v, 1) + lagv(v, 2))
ab <- data.frame(id = d$firm, year = d$year, n = tr(d$emp), w = tr(d$wage), k = tr(d$capital), ys = tr(d$output))
ab$dw <- D1(ab$w); ab$dk <- D1(ab$k); ab$dys <- D1(ab$ys)
ab$d2w <- D2(ab$w); ab$d2k <- D2(ab$k); ab$d2ys <- D2(ab$ys)
ab$abwt <- as.double(ab$year %% 3 + 1)
ab <- ab[complete.cases(ab), ]
write_data_csv(ab, "abdata.csv")

# mroz (Mroz 1987; Stata: bcuse mroz) is AER's PSID1976; the 428 working women. lwage = log(wage) from AER's
# 4-decimal wage: Stata's float lwage differs by up to ~1e-7, so statistics that involve the outcome agree to
# about 1e-6 (the first-stage and identification statistics do not involve it and agree to 1e-12).
data("PSID1976", package = "AER")
m <- PSID1976[PSID1976$participation == "yes", ]
mroz <- data.frame(lwage = log(m$wage), educ = as.double(m$education), exper = as.double(m$experience),
                   expersq = as.double(m$experience^2), age = as.double(m$age),
                   kidslt6 = as.double(m$youngkids), kidsge6 = as.double(m$oldkids))
write_data_csv(mroz, "mroz.csv")
