# Reference values for ModelDsl.Measures.EntropyWeight (tests/ModelDsl.Tests/Measures/EntropyWeightReferenceTests.cs).
# Run from this folder: Rscript entropy.R   (writes data.csv, expected_weights.csv, expected_index.csv)
# The entropy-weight method written out in base R, independently of the C# code:
#   x' = (x - min)/(max - min) (positive) or (max - x)/(max - min) (negative), + shift
#   p = x' / colSums(x'); e = -sum(p log p)/log(n) with 0 log 0 = 0; d = 1 - e; w = d/sum(d); index = x' %*% w
set.seed(20240611)
units <- sprintf("P%02d", 1:8)
years <- 2015:2018
data <- expand.grid(unit = units, year = years, stringsAsFactors = FALSE)
data <- data[order(data$unit, data$year), ]
n <- nrow(data)
# Values rounded to 3 decimals so that the CSV text is the exact number both sides read.
data$internet <- round(runif(n, 10, 90), 3)
data$software <- round(exp(rnorm(n, 5, 1)), 3)
data$finance <- round(100 + 30 * seq_len(n) / n + rnorm(n, 0, 15), 3)
data$pollution <- round(rgamma(n, 2, 0.5), 3)   # a cost indicator (negative direction)
write.csv(data, "data.csv", row.names = FALSE, quote = FALSE)

indicators <- c("internet", "software", "finance", "pollution")
direction <- c(1, 1, 1, -1)
dimension <- c("infrastructure", "industry", "finance", "environment")

entropy_weights <- function(x, direction, shift) {
  xn <- sapply(seq_along(direction), function(j) {
    v <- x[, j]
    r <- max(v) - min(v)
    if (direction[j] > 0) (v - min(v)) / r else (max(v) - v) / r
  }) + shift
  p <- sweep(xn, 2, colSums(xn), "/")
  plogp <- ifelse(p > 0, p * log(p), 0)
  e <- -colSums(plogp) / log(nrow(xn))
  d <- 1 - e
  w <- d / sum(d)
  list(e = e, d = d, w = w, index = as.vector(xn %*% w))
}

fmt <- function(v) sprintf("%.17g", v)
weights <- data.frame()
index <- data.frame(unit = data$unit, year = data$year)
for (shift in c(0, 1e-4)) {
  tag <- if (shift == 0) "none" else "shift"
  pooled <- entropy_weights(as.matrix(data[, indicators]), direction, shift)
  weights <- rbind(weights, data.frame(shift = tag, period = "pooled", indicator = indicators, dimension = dimension,
                                       entropy = fmt(pooled$e), redundancy = fmt(pooled$d), weight = fmt(pooled$w)))
  index[[paste0("pooled_", tag)]] <- fmt(pooled$index)
  per <- rep(NA_real_, n)
  for (y in years) {
    rows <- which(data$year == y)
    r <- entropy_weights(as.matrix(data[rows, indicators]), direction, shift)
    weights <- rbind(weights, data.frame(shift = tag, period = as.character(y), indicator = indicators, dimension = dimension,
                                         entropy = fmt(r$e), redundancy = fmt(r$d), weight = fmt(r$w)))
    per[rows] <- r$index
  }
  index[[paste0("per_year_", tag)]] <- fmt(per)
}
write.csv(weights, "expected_weights.csv", row.names = FALSE, quote = FALSE)
write.csv(index, "expected_index.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "\n")
