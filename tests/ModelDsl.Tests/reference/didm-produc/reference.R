# didm-produc: de Chaisemartin and D'Haultfoeuille (2020, AER) DID_M and its placebo, written out in base R (the
# DIDmultiplegt / did_multiplegt commands are not available here). Outcome log(gsp), treatment high_unemp (make_data.R).
# For t = 1971..1986 among states observed at t-1 and t: joiners (0->1), stable untreated (0->0), leavers (1->0),
# stable treated (1->1); DID+_t = mean dY(joiners) - mean dY(0->0), DID-_t = mean dY(1->1) - mean dY(leavers);
# DID_M = sum_t (N10_t DID+_t + N01_t DID-_t) / sum_t (N10_t + N01_t), over switchers with a stable comparison group.
# Placebo: same with dY = Y_{t-1} - Y_{t-2} among states with D_{t-2} = D_{t-1}: 0,0->1 vs 0,0->0 and 1,1->1 vs 1,1->0.
# Run: cd didm-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
d$ly <- log(d$gsp)
years <- sort(unique(d$year))
Y <- tapply(d$ly, list(d$state, d$year), identity); D <- tapply(d$high_unemp, list(d$state, d$year), identity)
didm <- function(placebo) {
  num <- 0; den <- 0; comps <- list()
  first <- if (placebo) 3 else 2
  for (j in first:length(years)) {
    t <- as.character(years[j]); s <- as.character(years[j - 1])
    if (placebo) {
      r <- as.character(years[j - 2])
      ok <- D[, r] == D[, s]
      dy <- Y[, s] - Y[, r]
    } else { ok <- rep(TRUE, nrow(D)); dy <- Y[, t] - Y[, s] }
    b <- D[, s]; a <- D[, t]
    J <- ok & b == 0 & a == 1; S0 <- ok & b == 0 & a == 0; L <- ok & b == 1 & a == 0; S1 <- ok & b == 1 & a == 1
    if (sum(J) > 0 && sum(S0) > 0) {
      est <- mean(dy[J]) - mean(dy[S0]); num <- num + sum(J) * est; den <- den + sum(J)
      comps[[length(comps) + 1]] <- list(period = years[j], kind = "joiners", switchers = sum(J), controls = sum(S0), estimate = est)
    }
    if (sum(L) > 0 && sum(S1) > 0) {
      est <- mean(dy[S1]) - mean(dy[L]); num <- num + sum(L) * est; den <- den + sum(L)
      comps[[length(comps) + 1]] <- list(period = years[j], kind = "leavers", switchers = sum(L), controls = sum(S1), estimate = est)
    }
  }
  list(estimate = num / den, switchers = den, comparisons = comps)
}
m <- didm(FALSE); p <- didm(TRUE)
write_json(list(
  case = "didm-produc",
  source = "plm::Produc (plm 2.6) with the switching pseudo treatment high_unemp (make_data.R)",
  software = "R: DID_M and the placebo written out from de Chaisemartin and D'Haultfoeuille (2020), Theorem 3 and Section 4",
  did_m = m$estimate, switchers = m$switchers, comparisons = m$comparisons,
  placebo = p$estimate, placebo_switchers = p$switchers))
