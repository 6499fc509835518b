# Writes data.csv: plm's EmplUK with gaps: the 1980 row is removed for every firm whose id is a
# multiple of 10 (firms 10, 20, ..., 140), so their 1981 row has no lag (dropped as a gap) while the
# 1979 value must NOT be used as its lag.
source("../common.R")
data("EmplUK", package = "plm")
d <- EmplUK[, c("firm", "year", "sector", "emp", "wage", "capital", "output")]
d$firm <- as.integer(d$firm); d$year <- as.integer(d$year); d$sector <- as.integer(d$sector)
d <- d[!(d$firm %% 10 == 0 & d$year == 1980), ]
write_data_csv(d)
