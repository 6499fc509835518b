# Writes the Columbus (Anselin 1988) data shipped with spdep (data(oldcol)) for the spatial regressions:
#   data.csv        region id, CRIME, INC, HOVAL (49 neighbourhoods, Anselin's original ordering)
# neighbours.csv is the queen-contiguity list COL.nb of ../spatial-moran-columbus (copied, identical).
# Run: Rscript make_data.R
suppressPackageStartupMessages(library(spdep))
data(oldcol)
ids <- as.integer(attr(COL.nb, "region.id"))
fmt <- function(v) sprintf("%.17g", v)
writeLines(c("id,crime,inc,hoval", paste(ids, fmt(COL.OLD$CRIME), fmt(COL.OLD$INC), fmt(COL.OLD$HOVAL), sep = ",")), "data.csv")
