# Writes data.csv: plm's EmplUK (Arellano and Bond 1991's data: 140 UK firms, 1976-1984, 1031 rows, unbalanced,
# no gaps in years), and data_gaps.csv: the same with the 1980 row removed for every firm whose id is a multiple
# of 10 (14 gaps inside a firm's years).  Run: Rscript make_data.R
source("../common.R")
data("EmplUK", package = "plm")
d <- EmplUK[, c("firm", "year", "sector", "emp", "wage", "capital", "output")]
d$firm <- as.integer(d$firm); d$year <- as.integer(d$year); d$sector <- as.integer(d$sector)
write_data_csv(d)
write_data_csv(d[!(d$firm %% 10 == 0 & d$year == 1980), ], "data_gaps.csv")
