# Writes data.csv: plm's Produc (48 states x 1970-1986, 816 rows) with a documented, deterministic,
# staggered PSEUDO-treatment (no real policy):
#   region 1 (New England) and 2 (Mid Atlantic) -> cohort 1976
#   region 5 (South Atlantic)                   -> cohort 1979
#   region 8 (Mountain)                         -> cohort 1982
#   all other regions (3, 4, 6, 7, 9)           -> cohort 0 = never treated
# `treated` = 1 when cohort > 0 and year >= cohort.
source("../common.R")
data("Produc", package = "plm")
d <- Produc[, c("state", "year", "region", "pcap", "hwy", "water", "util", "pc", "gsp", "emp", "unemp")]
d$state <- as.character(d$state); d$year <- as.integer(d$year); d$region <- as.integer(as.character(d$region))
d$cohort <- ifelse(d$region %in% c(1L, 2L), 1976L, ifelse(d$region == 5L, 1979L, ifelse(d$region == 8L, 1982L, 0L)))
d$treated <- as.integer(d$cohort > 0 & d$year >= d$cohort)
write_data_csv(d)
