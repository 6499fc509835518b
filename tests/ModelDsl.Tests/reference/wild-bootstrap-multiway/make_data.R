# wild-bootstrap-multiway: Produc (as ../wild-bootstrap/data.csv) with two derived grouping columns.
# Run: cd wild-bootstrap-multiway && Rscript make_data.R
#   superregion: the 4 census regions of the 9 census divisions in `region`
#                (1-2 Northeast, 3-4 Midwest, 5-7 South, 8-9 West);
#   period:      3-year bins of year, (year - 1970) %/% 3 + 1 = 1..6 (the last bin has 1985-1986).
d <- read.csv("../wild-bootstrap/data.csv")
d$superregion <- c(1, 1, 2, 2, 3, 3, 3, 4, 4)[d$region]
d$period <- (d$year - 1970) %/% 3 + 1
write.csv(d, "data.csv", row.names = FALSE, quote = FALSE)
