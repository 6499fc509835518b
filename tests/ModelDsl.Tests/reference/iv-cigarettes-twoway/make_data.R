# iv-cigarettes-twoway: AER::CigarettesSW (48 states x 1985, 1995) with the variables of Stock and Watson's
# cigarette-demand IV example. Run: cd iv-cigarettes-twoway && Rscript make_data.R
source("../common.R")
suppressPackageStartupMessages(library(AER))
data("CigarettesSW", package = "AER")
d <- CigarettesSW
out <- data.frame(
  state = as.character(d$state),
  year = as.character(d$year),
  lpacks = log(d$packs),
  lrprice = log(d$price / d$cpi),
  lrincome = log(d$income / d$population / d$cpi),
  salestax = (d$taxs - d$tax) / d$cpi,
  cigtax = d$tax / d$cpi)
write_data_csv(out)
