# Writes data.csv: plm's Produc (48 US states x 1970-1986, 816 rows, sorted by state then year) with
# every 7th row removed (original rows 7, 14, ..., 812: 116 rows), leaving an unbalanced panel of 700
# rows. Column `row` is the 1-based row number in plm::Produc.
source("../common.R")
data("Produc", package = "plm")
P <- Produc
stopifnot(nrow(P) == 816, !is.unsorted(order(P$state, P$year)))
P$row <- seq_len(nrow(P))
keep <- P$row %% 7 != 0
d <- P[keep, c("row", "state", "year", "region", "pcap", "hwy", "water", "util", "pc", "gsp", "emp", "unemp")]
d$state <- as.character(d$state); d$year <- as.integer(d$year); d$region <- as.integer(as.character(d$region))
write_data_csv(d)
