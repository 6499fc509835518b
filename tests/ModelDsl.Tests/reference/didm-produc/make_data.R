# Writes data.csv: plm's Produc (48 states x 1970-1986, 816 rows) with a documented, deterministic PSEUDO treatment that
# switches on and off (no real policy): high_unemp = 1 when the state's unemployment rate is above that year's median
# across the 48 states. Units therefore join and leave treatment; DID_M compares them with stable units.
source("../common.R")
data("Produc", package = "plm")
d <- Produc[, c("state", "year", "region", "pcap", "pc", "gsp", "emp", "unemp")]
d$state <- as.character(d$state); d$year <- as.integer(d$year); d$region <- as.integer(as.character(d$region))
d$high_unemp <- as.integer(d$unemp > ave(d$unemp, d$year, FUN = median))
write_data_csv(d)
