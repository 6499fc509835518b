# Writes data.csv: plm's EmplUK (140 UK firms, 1976-1984, 1031 rows, unbalanced, no gaps in years).
source("../common.R")
data("EmplUK", package = "plm")
d <- EmplUK[, c("firm", "year", "sector", "emp", "wage", "capital", "output")]
d$firm <- as.integer(d$firm); d$year <- as.integer(d$year); d$sector <- as.integer(d$sector)
write_data_csv(d)
