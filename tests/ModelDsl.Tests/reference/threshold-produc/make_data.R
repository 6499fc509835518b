# Writes data.csv: plm's Produc in full (48 states x 1970-1986, 816 rows); the sub-sample restriction
# is part of the model (see reference.R).
source("../common.R")
data("Produc", package = "plm")
d <- Produc[, c("state", "year", "region", "pcap", "hwy", "water", "util", "pc", "gsp", "emp", "unemp")]
d$state <- as.character(d$state); d$year <- as.integer(d$year); d$region <- as.integer(as.character(d$region))
write_data_csv(d)
