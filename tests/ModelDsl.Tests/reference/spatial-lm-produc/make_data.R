# Writes plm's Produc (48 contiguous US states, 1970-1986) and a queen-contiguity neighbour list of the 48 states:
#   data.csv        state, year, gsp, pcap, pc, emp, unemp (816 rows, states in Produc's spelling)
#   neighbours.csv  state,neighbour pairs: spdep::poly2nb(spData::us_states) (queen, snap = default) on the 49 lower-48
#                   polygons less the District of Columbia, names mapped to Produc's (upper case, "_" for " ", and
#                   Produc's spelling "TENNESSE")
# Run: Rscript make_data.R
suppressPackageStartupMessages({ library(plm); library(spdep); library(spData); library(sf) })
data(Produc, package = "plm")
fmt <- function(v) sprintf("%.17g", v)
p <- Produc[order(Produc$state, Produc$year), ]
writeLines(c("state,year,gsp,pcap,pc,emp,unemp",
             paste(p$state, p$year, fmt(p$gsp), fmt(p$pcap), fmt(p$pc), fmt(p$emp), fmt(p$unemp), sep = ",")),
           "data.csv")
states <- us_states[us_states$NAME != "District of Columbia", ]
names <- toupper(gsub(" ", "_", states$NAME))
names[names == "TENNESSEE"] <- "TENNESSE"
stopifnot(setequal(names, unique(as.character(p$state))))
nb <- poly2nb(states, row.names = names)
stopifnot(all(card(nb) > 0))
pairs <- do.call(rbind, lapply(seq_along(nb), function(i) data.frame(state = names[i], neighbour = names[nb[[i]]])))
pairs <- pairs[order(pairs$state, pairs$neighbour), ]
writeLines(c("state,neighbour", paste(pairs$state, pairs$neighbour, sep = ",")), "neighbours.csv")
