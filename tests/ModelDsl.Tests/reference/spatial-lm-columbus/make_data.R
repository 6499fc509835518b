# Writes the Columbus (Anselin 1988) data shipped with spdep (data(oldcol)) as two CSV files:
#   data.csv        region id, CRIME, INC, HOVAL, X, Y (49 neighbourhoods, Anselin's original ordering)
#   neighbours.csv  id,neighbour pairs of COL.nb (queen contiguity as spdep ships it; symmetric)
# Run: Rscript make_data.R
suppressPackageStartupMessages(library(spdep))
data(oldcol)
ids <- as.integer(attr(COL.nb, "region.id"))
fmt <- function(v) sprintf("%.17g", v)
writeLines(c("id,crime,inc,hoval,x,y",
             paste(ids, fmt(COL.OLD$CRIME), fmt(COL.OLD$INC), fmt(COL.OLD$HOVAL), fmt(COL.OLD$X), fmt(COL.OLD$Y), sep = ",")),
           "data.csv")
pairs <- do.call(rbind, lapply(seq_along(COL.nb), function(i) {
  nb <- COL.nb[[i]]
  if (length(nb) == 1 && nb == 0) return(NULL)
  data.frame(id = ids[i], neighbour = ids[nb])
}))
writeLines(c("id,neighbour", paste(pairs$id, pairs$neighbour, sep = ",")), "neighbours.csv")
