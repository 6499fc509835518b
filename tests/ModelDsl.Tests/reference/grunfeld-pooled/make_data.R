# Writes data.csv from plm's Grunfeld (run once; reference.R only reads data.csv).
source("../common.R")
data("Grunfeld", package = "plm")
d <- Grunfeld[, c("firm", "year", "inv", "value", "capital")]
d$firm <- as.integer(d$firm); d$year <- as.integer(d$year)
write_data_csv(d)
