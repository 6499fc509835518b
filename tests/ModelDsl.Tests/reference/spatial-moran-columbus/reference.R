# Moran's I and Geary's C on the Columbus crime data (spdep's data(oldcol)), as spdep's moran.test and geary.test
# compute them (alternative = "greater"), under randomisation (spdep's default) and normality, for four weights:
#   contiguity_w  the CSV neighbour list, row-standardised (style "W")
#   contiguity_b  the same list, binary (style "B")
#   knn4_w        4 nearest neighbours on the x/y coordinates (Euclidean), row-standardised
#   idw_w         inverse distance 1/d within a cutoff of 10 coordinate units (Euclidean), row-standardised
# Run: Rscript reference.R > expected.json
suppressPackageStartupMessages(library(spdep))
source("../common.R")

d <- read.csv("data.csv")
pairs <- read.csv("neighbours.csv")
ids <- d$id
nb <- lapply(ids, function(i) sort(match(pairs$neighbour[pairs$id == i], ids)))
nb <- lapply(nb, function(v) if (length(v) == 0) 0L else as.integer(v))
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(ids)
attr(nb, "sym") <- is.symmetric.nb(nb, verbose = FALSE, force = TRUE)
coords <- cbind(d$x, d$y)

knn <- knn2nb(knearneigh(coords, k = 4))
dnb <- dnearneigh(coords, 0, 10)
idw <- lapply(nbdists(dnb, coords), function(x) 1 / x)

weights <- list(
  contiguity_w = nb2listw(nb, style = "W"),
  contiguity_b = nb2listw(nb, style = "B"),
  knn4_w = nb2listw(knn, style = "W"),
  idw_w = nb2listw(dnb, glist = idw, style = "W"))

block <- function(test) list(
  statistic = unname(test$estimate[1]), expectation = unname(test$estimate[2]),
  variance = unname(test$estimate[3]), z = unname(test$statistic), p = test$p.value)

out <- list()
for (name in names(weights)) {
  lw <- weights[[name]]
  out[[name]] <- list(
    moran_randomisation = block(moran.test(d$crime, lw, randomisation = TRUE)),
    moran_normality = block(moran.test(d$crime, lw, randomisation = FALSE)),
    geary_randomisation = block(geary.test(d$crime, lw, randomisation = TRUE)),
    geary_normality = block(geary.test(d$crime, lw, randomisation = FALSE)))
}
out$knn4_neighbours <- arr(unlist(lapply(knn, function(v) ids[v])))
write_json(out)
