# LM tests for spatial dependence after OLS and the local Moran's I (LISA) on the Columbus crime data, as spdep
# computes them:
#   lm.LMtests(lm(crime ~ inc + hoval), listw, test = "all")   (LMerr, LMlag, RLMerr, RLMlag, SARMA; spdep >= 1.3
#                                                               names them RSerr, RSlag, adjRSerr, adjRSlag, SARMA)
#   localmoran(crime, listw)                                   (randomisation, conditional = FALSE, mlvar = TRUE,
#                                                               alternative = "greater"; quadrants from attr "quadr"$pysal:
#                                                               x - mean against the lag of x - mean, the Moran scatter)
# for the contiguity list row-standardised (style "W") and binary (style "B") and 4 nearest neighbours (style "W").
# Run: Rscript reference.R > expected.json
suppressPackageStartupMessages(library(spdep))
source("../common.R")

d <- read.csv("data.csv")
pairs <- read.csv("neighbours.csv")
ids <- d$id
nb <- lapply(ids, function(i) sort(match(pairs$neighbour[pairs$id == i], ids)))
nb <- lapply(nb, function(v) if (length(v) == 0) 0L else as.integer(v))
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(ids)
attr(nb, "sym") <- is.symmetric.nb(nb, verbose = FALSE, force = TRUE)
knn <- knn2nb(knearneigh(cbind(d$x, d$y), k = 4), row.names = as.character(ids))

weights <- list(
  contiguity_w = nb2listw(nb, style = "W"),
  contiguity_b = nb2listw(nb, style = "B"),
  knn4_w = nb2listw(knn, style = "W"))

fit <- lm(crime ~ inc + hoval, data = d)
pick <- function(tests, old, new) if (!is.null(tests[[old]])) tests[[old]] else tests[[new]]
lm_block <- function(t) list(statistic = unname(t$statistic), df = unname(t$parameter), p = t$p.value)

local_args <- names(formals(localmoran))
out <- list(spdep = as.character(packageVersion("spdep")), coefficients = arr(unname(coef(fit))))
for (name in names(weights)) {
  lw <- weights[[name]]
  tests <- lm.LMtests(fit, lw, test = "all")
  args <- list(d$crime, lw)
  if ("conditional" %in% local_args) args$conditional <- FALSE
  if ("alternative" %in% local_args) args$alternative <- "greater"
  lisa <- do.call(localmoran, args)
  quadrant <- attr(lisa, "quadr")
  quadrant <- if (!is.null(quadrant)) as.character(quadrant$pysal) else rep(NA_character_, nrow(lisa))
  out[[name]] <- list(
    lm_lag = lm_block(pick(tests, "LMlag", "RSlag")),
    lm_error = lm_block(pick(tests, "LMerr", "RSerr")),
    robust_lm_lag = lm_block(pick(tests, "RLMlag", "adjRSlag")),
    robust_lm_error = lm_block(pick(tests, "RLMerr", "adjRSerr")),
    lm_sarma = lm_block(tests[["SARMA"]]),
    local_moran = list(
      value = arr(unname(lisa[, 1])), expectation = arr(unname(lisa[, 2])), variance = arr(unname(lisa[, 3])),
      z = arr(unname(lisa[, 4])), p = arr(unname(lisa[, 5])), quadrant = arr(quadrant)))
}
write_json(out)
