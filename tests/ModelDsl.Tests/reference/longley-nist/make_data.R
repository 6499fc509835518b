# Writes data.csv: the NIST StRD Longley data (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml),
# rebuilt from R's datasets::longley, which stores the same numbers rescaled (Employed and GNP and
# Population in thousands, Unemployed and Armed.Forces in tens). Every NIST value is an exact
# integer or a one-decimal number, so round() restores it exactly; the first and last rows are
# checked against the NIST file.
source("../common.R")
L <- datasets::longley
d <- data.frame(
  employed     = round(L$Employed * 1000),
  gnp_deflator = round(L$GNP.deflator, 1),
  gnp          = round(L$GNP * 1000),
  unemployed   = round(L$Unemployed * 10),
  armed_forces = round(L$Armed.Forces * 10),
  population   = round(L$Population * 1000),
  year         = as.integer(L$Year))
stopifnot(all(unlist(d[1, ]) == c(60323, 83.0, 234289, 2356, 1590, 107608, 1947)),
          all(unlist(d[16, ]) == c(70551, 116.9, 554894, 4007, 2827, 130081, 1962)))
for (nm in c("employed", "gnp", "unemployed", "armed_forces", "population")) d[[nm]] <- as.integer(d[[nm]])
write_data_csv(d)
