# Reference values for the digital-economy study's constructed measures on a frozen copy of data/provinces_digital.csv
# (synthetic). Run from this folder: Rscript provinces.R   (writes expected_weights.csv, expected_rows.csv)
# Steps, in base R and independently of the C# code:
#   1. fill interior gaps of the 11 indicators by linear interpolation within each province (approx over years);
#   2. entropy-weight index, pooled, no shift, all 11 indicators positive, three dimensions (Table 1);
#   3. location quotient of secondary_output over gdp, nation = the 30 provinces of the year.
d <- read.csv("data.csv")
d <- d[order(d$province, d$year), ]
ind <- c("digital_staff_share", "ln_software_revenue", "ln_info_service_revenue", "internet_penetration", "mobile_usage",
         "fiber_density", "ln_ecommerce", "dfi_index", "dfi_depth", "dfi_breadth", "dfi_digitization")
dimension <- c(rep("digital industry", 3), rep("digitalization of industry", 4), rep("digital finance", 4))
for (v in ind) d[[v]] <- ave(d[[v]], d$province, FUN = function(x) approx(seq_along(x), x, seq_along(x))$y)  # years are consecutive
stopifnot(!anyNA(d[, ind]))
x <- as.matrix(d[, ind])
xn <- sweep(sweep(x, 2, apply(x, 2, min), "-"), 2, apply(x, 2, max) - apply(x, 2, min), "/")
p <- sweep(xn, 2, colSums(xn), "/")
e <- -colSums(ifelse(p > 0, p * log(p), 0)) / log(nrow(xn))
w <- (1 - e) / sum(1 - e)
fmt <- function(v) sprintf("%.17g", v)
write.csv(data.frame(indicator = ind, dimension = dimension, entropy = fmt(e), weight = fmt(w)), "expected_weights.csv", row.names = FALSE, quote = FALSE)
de <- as.vector(xn %*% w)
ic <- (d$secondary_output / d$gdp) / (ave(d$secondary_output, d$year, FUN = sum) / ave(d$gdp, d$year, FUN = sum))
write.csv(data.frame(province = d$province, year = d$year, de = fmt(de), ic = fmt(ic)), "expected_rows.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
