# Writes data.csv from AER's CigarettesSW (run once; reference.R only reads data.csv): the 1995 cross-section of
# Stock and Watson's cigarette-demand example (Introduction to Econometrics, ch. 12), the variables in logs and
# real terms as in ?CigarettesSW.
source("../common.R")
data("CigarettesSW", package = "AER")
c1995 <- subset(CigarettesSW, year == "1995")
d <- data.frame(
  state = as.character(c1995$state),
  lpacks = log(c1995$packs),
  lrprice = log(c1995$price / c1995$cpi),
  lrincome = log(c1995$income / c1995$population / c1995$cpi),
  tdiff = (c1995$taxs - c1995$tax) / c1995$cpi,
  rtax = c1995$tax / c1995$cpi
)
write_data_csv(d)
