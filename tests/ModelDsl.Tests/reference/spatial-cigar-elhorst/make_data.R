# Rebuilds the Baltagi-Li cigarette-demand panel of Elhorst (2014, Spatial Econometrics, section 3.6.2) and its
# binary contiguity matrix of the 46 states:
#   data.csv        state, code, year, sales, price, cpi, ndi (plm's Cigar as shipped) and
#                   logc = log(sales)            real per-capita sales (packs per person of smoking age)
#                   logp = log(price / cpi)      real average retail price per pack
#                   logy = log(ndi / cpi)        real per-capita disposable income
#                   (the transformation printed in the SDPDmod vignette; a multiplicative constant in a deflator
#                   only shifts the logs and is absorbed by the fixed effects)
#   neighbours.csv  state,neighbour pairs: queen contiguity of the 46 states' polygons (spData::us_states without
#                   Colorado, North Carolina and Oregon; Alaska and Hawaii are not in us_states), spdep::poly2nb
#                   (queen = TRUE, planar, sf_use_s2(FALSE)); 188 directed links, symmetric, no islands
# State codes: plm's Cigar numbers the states 1..51 alphabetically with the District of Columbia (9) included and
# skips 2 Alaska, 6 Colorado, 12 Hawaii, 34 North Carolina and 38 Oregon (the states without a cigarette tax at the
# start of the sample, Baltagi and Levin 1986); the script checks that reading against the populations (the four
# largest states of 1970 are California, New York, Pennsylvania, Texas) and against SDPDmod's usa46, whose first
# column is printed in its vignette (Alabama borders Florida and Georgia, states 8 and 9 of the 46).
# State names: us_states' NAME upper-cased with spaces as underscores.
# Run: Rscript make_data.R
suppressPackageStartupMessages({ library(sf); library(spData); library(spdep) })
source("../common.R")
data("Cigar", package = "plm")
codes <- sort(unique(Cigar$state))
all51 <- sort(c(us_states$NAME, "Alaska", "Hawaii"))
stopifnot(length(all51) == 51, length(codes) == 46, identical(setdiff(1:51, codes), c(2L, 6L, 12L, 34L, 38L)))
names51 <- all51[1:51]
stopifnot(identical(names51[c(2, 6, 12, 34, 38)], c("Alaska", "Colorado", "Hawaii", "North Carolina", "Oregon")))
name_of <- function(code) names51[code]
p70 <- Cigar[Cigar$year == 70, ]
stopifnot(identical(name_of(p70$state[order(-p70$pop)][1:4]), c("California", "New York", "Pennsylvania", "Texas")))

states <- us_states[us_states$NAME %in% name_of(codes), ]
states <- states[order(states$NAME), ]
stopifnot(identical(states$NAME, name_of(codes)))
sf_use_s2(FALSE)
nb <- poly2nb(states, queen = TRUE)
stopifnot(all(card(nb) > 0), sum(card(nb)) == 188, is.symmetric.nb(nb))
stopifnot(identical(nb[[1]], c(8L, 9L, 22L, 38L)))   # Alabama: Florida, Georgia, Mississippi, Tennessee
key <- toupper(gsub(" ", "_", states$NAME))
pairs <- do.call(rbind, lapply(seq_along(nb), function(i) data.frame(state = key[i], neighbour = key[nb[[i]]])))
pairs <- pairs[order(pairs$state, pairs$neighbour), ]
writeLines(c("state,neighbour", paste(pairs$state, pairs$neighbour, sep = ",")), "neighbours.csv")

d <- Cigar[order(Cigar$state, Cigar$year), ]
out <- data.frame(state = key[match(d$state, codes)], code = as.integer(d$state), year = as.integer(1900 + d$year),
                  sales = d$sales, price = d$price, cpi = d$cpi, ndi = d$ndi,
                  logc = log(d$sales), logp = log(d$price / d$cpi), logy = log(d$ndi / d$cpi))
write_data_csv(out)
