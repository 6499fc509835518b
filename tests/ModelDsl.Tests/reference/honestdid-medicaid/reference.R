# HonestDiD sensitivity analysis of the Medicaid-expansion event study (HonestDiD's README example), written out
# independently in base R + quadprog + lpSolve + mvtnorm from the published algorithms (HonestDiD itself is not
# installable here). Run from this folder: Rscript reference.R > expected.json
source("../common.R")
source("honestdid.R")

# 1. The event study: dins on year × D (2013 omitted) with state and year fixed effects (as dummies), errors
#    clustered by state with fixest's / reghdfe's CR1: G/(G-1) (n-1)/(n-K), K = 7 event coefficients + 7 year
#    effects + constant (the state effects are nested in the clusters and not counted).
d <- read.csv("data.csv")
d$D <- as.integer(!is.na(d$yexp2) & d$yexp2 == 2014)
yrs <- setdiff(2008:2015, 2013)
for (y in yrs) d[[paste0("e", y)]] <- d$D * (d$year == y)
f <- as.formula(paste("dins ~", paste0("e", yrs, collapse = "+"), "+ factor(state) + factor(year)"))
m <- lm(f, d)
X <- model.matrix(m); u <- resid(m); n <- nrow(X)
bread <- solve(crossprod(X))
G <- length(unique(d$state))
meat <- Reduce(`+`, lapply(split(seq_len(n), d$state), function(i) { s <- colSums(X[i, , drop = FALSE] * u[i]); s %o% s }))
idx <- paste0("e", yrs)
K <- 7 + 7 + 1
V <- (bread %*% meat %*% bread)[idx, idx] * G / (G - 1) * (n - 1) / (n - K)
V <- (V + t(V)) / 2
betahat <- unname(coef(m)[idx])
sigma <- unname(V)

out <- list(
  case = "honestdid-medicaid",
  betahat = arr(betahat),
  sigma = lapply(seq_len(nrow(sigma)), function(i) arr(sigma[i, ])),
  num_pre = 5L, num_post = 2L,
  original_first = arr(original_ci(betahat, sigma, 5, 2, c(1, 0))),
  original_average = arr(original_ci(betahat, sigma, 5, 2, c(0.5, 0.5))),
  smoothness_first = lapply(seq(0, 0.05, by = 0.01), function(M) {
    ci <- flci(betahat, sigma, 5, 2, c(1, 0), M)
    list(bound = M, ci_low = ci[1], ci_high = ci[2])
  }),
  relative_magnitudes_first = lapply(seq(0.5, 2, by = 0.5), function(Mbar) {
    ci <- rm_ci(betahat, sigma, 5, 2, c(1, 0), Mbar)
    list(bound = Mbar, ci_low = ci[1], ci_high = ci[2])
  }),
  relative_magnitudes_average = lapply(seq(0, 2, by = 0.5), function(Mbar) {
    ci <- rm_ci(betahat, sigma, 5, 2, c(0.5, 0.5), Mbar)
    list(bound = Mbar, ci_low = ci[1], ci_high = ci[2])
  })
)
write_json(out)
