# Reference values for ModelDsl.Measures.LocationQuotient (tests/ModelDsl.Tests/Measures/LocationQuotientReferenceTests.cs).
# Run from this folder: Rscript lq.R   (writes data.csv, expected.csv)
# LQ_it = (E_ikt / E_it) / (E_kt / E_t), nation = sum over the regions of the period (both papers' convention),
# for one industry (digital-economy paper: secondary-industry output over GDP) and for several industries summed
# (trade-policy paper eq. (11): producer-service employment over total employment).
set.seed(7)
regions <- sprintf("R%02d", 1:7)
years <- 2019:2022
data <- expand.grid(region = regions, year = years, stringsAsFactors = FALSE)
data <- data[order(data$region, data$year), ]
n <- nrow(data)
data$gdp <- round(runif(n, 500, 5000), 2)
data$secondary <- round(data$gdp * runif(n, 0.25, 0.55), 2)
data$emp_total <- round(runif(n, 50, 400), 1)
data$emp_transport <- round(data$emp_total * runif(n, 0.03, 0.08), 1)
data$emp_it <- round(data$emp_total * runif(n, 0.01, 0.06), 1)
data$emp_finance <- round(data$emp_total * runif(n, 0.02, 0.07), 1)
data$emp_business <- round(data$emp_total * runif(n, 0.02, 0.05), 1)
data$emp_research <- round(data$emp_total * runif(n, 0.005, 0.03), 1)
write.csv(data, "data.csv", row.names = FALSE, quote = FALSE)

lq <- function(industry, total, period) {
  nation_industry <- ave(industry, period, FUN = sum)
  nation_total <- ave(total, period, FUN = sum)
  (industry / total) / (nation_industry / nation_total)
}
producer <- data$emp_transport + data$emp_it + data$emp_finance + data$emp_business + data$emp_research
out <- data.frame(region = data$region, year = data$year,
                  lq_secondary = sprintf("%.17g", lq(data$secondary, data$gdp, data$year)),
                  lq_producer = sprintf("%.17g", lq(producer, data$emp_total, data$year)))
write.csv(out, "expected.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
