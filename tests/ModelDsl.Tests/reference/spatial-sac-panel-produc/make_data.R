# Writes the spatial panel of Munnell's production function data (plm's Produc, 48 contiguous states, 1970-1986):
#   data.csv        state, year, lgsp = log(gsp), lpcap = log(pcap), lpc = log(pc), lemp = log(emp), unemp
#   neighbours.csv  state,neighbour pairs: queen contiguity of the 48 states' polygons (spData::us_states, the
#                   District of Columbia dropped), spdep::poly2nb(queen = TRUE); symmetric, no islands
# State names: us_states' NAME upper-cased with spaces as underscores; Produc spells Tennessee "TENNESSE".
# Run: Rscript make_data.R
suppressPackageStartupMessages({ library(sf); library(spData); library(spdep) })
source("../common.R")
data("Produc", package = "plm")
states <- us_states[us_states$NAME != "District of Columbia", ]
key <- toupper(gsub(" ", "_", states$NAME))
key[key == "TENNESSEE"] <- "TENNESSE"
stopifnot(setequal(key, unique(as.character(Produc$state))))
sf_use_s2(FALSE)
nb <- poly2nb(states, queen = TRUE)
stopifnot(all(card(nb) > 0))
pairs <- do.call(rbind, lapply(seq_along(nb), function(i) data.frame(state = key[i], neighbour = key[nb[[i]]])))
pairs <- pairs[order(pairs$state, pairs$neighbour), ]
writeLines(c("state,neighbour", paste(pairs$state, pairs$neighbour, sep = ",")), "neighbours.csv")
d <- data.frame(state = as.character(Produc$state), year = as.integer(Produc$year),
                lgsp = log(Produc$gsp), lpcap = log(Produc$pcap), lpc = log(Produc$pc), lemp = log(Produc$emp),
                unemp = Produc$unemp)
write_data_csv(d)
