# Reference values for ModelDsl's descriptive statistics, quantiles and winsorizing.
# Run from this folder: Rscript descriptives.R   (writes data.csv, expected_*.csv)
# R's quantile() types 7 (default) and 2 (Stata's _pctile), sd() with n - 1, na.rm = TRUE throughout.
set.seed(20261124)
n <- 57
region <- sample(c("east", "central", "west"), n, replace = TRUE)
gdp <- round(exp(rnorm(n, 8, 1.2)), 3)           # skewed, positive
inno <- round(rnorm(n, 0.5, 2), 6)
inno[c(4, 19, 33)] <- NA                          # missing cells
ties <- sample(c(1, 2, 2, 3, 5, 5, 5, 8), n, replace = TRUE)  # many ties
data <- data.frame(id = sprintf("P%02d", seq_len(n)), region = region, gdp = gdp, inno = inno, ties = ties)
write.csv(data, "data.csv", row.names = FALSE, na = "NA")

# Read back exactly what ModelDsl will read.
data <- read.csv("data.csv", stringsAsFactors = FALSE)
vars <- c("gdp", "inno", "ties")
describe <- function(x, group) {
  x <- x[!is.na(x)]
  data.frame(group = group, n = length(x), mean = mean(x), sd = sd(x), min = min(x),
             p25 = quantile(x, 0.25, type = 7, names = FALSE), median = quantile(x, 0.5, type = 7, names = FALSE),
             p75 = quantile(x, 0.75, type = 7, names = FALSE), max = max(x),
             p25_type2 = quantile(x, 0.25, type = 2, names = FALSE), median_type2 = quantile(x, 0.5, type = 2, names = FALSE),
             p75_type2 = quantile(x, 0.75, type = 2, names = FALSE))
}
rows <- list()
for (v in vars) {
  rows[[length(rows) + 1]] <- cbind(variable = v, describe(data[[v]], ""))
  for (g in sort(unique(data$region))) {
    rows[[length(rows) + 1]] <- cbind(variable = v, describe(data[[v]][data$region == g], g))
  }
}
out <- do.call(rbind, rows)
# Full precision: format with 17 significant digits.
fmt <- function(df) { for (c in names(df)) if (is.numeric(df[[c]])) df[[c]] <- trimws(formatC(df[[c]], digits = 17, format = "g")); df }
write.csv(fmt(out), "expected_descriptives.csv", row.names = FALSE, quote = TRUE)

# Quantiles at many probabilities, both types.
probs <- c(0, 0.01, 0.05, 0.1, 0.25, 0.3, 0.5, 0.55, 0.75, 0.9, 0.95, 0.99, 1, 1/3, 2/3)
q <- list()
for (v in vars) for (type in c(2, 7)) {
  q[[length(q) + 1]] <- data.frame(variable = v, type = type, probability = probs,
                                   quantile = quantile(data[[v]], probs, type = type, na.rm = TRUE, names = FALSE))
}
write.csv(fmt(do.call(rbind, q)), "expected_quantiles.csv", row.names = FALSE, quote = TRUE)

# Winsorizing at the 5th and 95th percentiles (type 7, then type 2), as pmin(pmax(x, lo), hi).
w <- data.frame(row = seq_len(n) - 1)
for (v in vars) for (type in c(7, 2)) {
  x <- data[[v]]
  lo <- quantile(x, 0.05, type = type, na.rm = TRUE, names = FALSE)
  hi <- quantile(x, 0.95, type = type, na.rm = TRUE, names = FALSE)
  w[[paste0(v, "_type", type)]] <- pmin(pmax(x, lo), hi)
}
write.csv(fmt(w), "expected_winsorized.csv", row.names = FALSE, quote = TRUE)

# Standardized gdp (mean 0, sd 1 with n - 1).
write.csv(fmt(data.frame(row = seq_len(n) - 1, std_gdp = as.numeric(scale(data$gdp)))), "expected_standardized.csv", row.names = FALSE, quote = TRUE)
cat(R.version.string, "\n", file = "R-version.txt")
