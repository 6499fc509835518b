# Spatial lag (SAR), spatial Durbin (SDM) and spatial error (SEM) models of Columbus crime on income and house value,
# by maximum likelihood as spatialreg computes them (lagsarlm / errorsarlm, method = "eigen"), with row-standardised
# queen contiguity (neighbours.csv, style "W"), and the impacts (spatialreg::impacts with the exact dense S_W).
#
# Two sets of numbers per model:
#   spatialreg   the fitted object as spatialreg returns it: optimize() on the concentrated log-likelihood with its
#                default tolerance (.Machine$double.eps^0.5), the asymptotic variance of its analytic information matrix
#   exact        rho (lambda) polished to machine precision by uniroot() on the analytic score of the concentrated
#                log-likelihood (written out below), beta and sigma^2 at that rho, spatialreg's vcov formula re-evaluated
#                there (the same information matrix written in R), and spatialreg::impacts() on the fitted object with
#                rho and beta replaced by the polished values.
# optimize() stops where the log-likelihood is flat to ~sqrt(eps) relative, so its rho agrees with the exact one to
# ~1e-7; the C# kernel polishes the same way, and the tests compare with "exact" at 1e-8 and with "spatialreg" at 1e-6.
# Run: Rscript reference.R > expected.json
suppressPackageStartupMessages({ library(spdep); library(spatialreg) })
source("../common.R")

d <- read.csv("data.csv")
pairs <- read.csv("neighbours.csv")
ids <- d$id
nb <- lapply(ids, function(i) sort(match(pairs$neighbour[pairs$id == i], ids)))
nb <- lapply(nb, function(v) if (length(v) == 0) 0L else as.integer(v))
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(ids)
lw <- nb2listw(nb, style = "W")
W <- listw2mat(lw)
n <- nrow(d)
ev <- eigenw(similar.listw(lw))
X <- cbind(1, d$inc, d$hoval)
WX <- W %*% X[, -1]
y <- d$crime

tr <- function(A) sum(diag(A))
lag_information <- function(X, beta, rho, s2) {
  A <- W %*% solve(diag(n) - rho * W)
  k <- ncol(X); xb <- X %*% beta; Axb <- A %*% xb
  I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(X) / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- crossprod(X, Axb) / s2
  I[k + 1, k + 1] <- tr(A %*% A) + tr(crossprod(A)) + sum(Axb^2) / s2
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- tr(A) / s2
  I[k + 2, k + 2] <- n / (2 * s2^2)
  solve(I)
}
error_information <- function(Xs, lambda, s2) {
  A <- W %*% solve(diag(n) - lambda * W)
  k <- ncol(Xs)
  I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(Xs) / s2
  I[k + 1, k + 1] <- tr(A %*% A) + tr(crossprod(A))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- tr(A) / s2
  I[k + 2, k + 2] <- n / (2 * s2^2)
  solve(I)
}

exact_lag <- function(X) {
  e0 <- lm.fit(X, y)$residuals; ed <- lm.fit(X, as.vector(W %*% y))$residuals
  sse <- function(r) sum((e0 - r * ed)^2)
  score <- function(r) n * sum((e0 - r * ed) * ed) / sse(r) - sum(ev / (1 - r * ev))
  rho <- uniroot(score, c(0.01, 0.9), tol = .Machine$double.eps)$root
  beta <- qr.solve(X, y - rho * as.vector(W %*% y))
  s2 <- sse(rho) / n
  ll <- -n / 2 * (log(2 * pi) + 1 + log(s2)) + sum(log(1 - rho * ev))
  V <- lag_information(X, beta, rho, s2)
  list(rho = rho, beta = beta, s2 = s2, ll = ll, V = V)
}

exact_error <- function() {
  wy <- as.vector(W %*% y); wx <- W %*% X
  at <- function(l) { ys <- y - l * wy; xs <- X - l * wx; b <- qr.solve(xs, ys); list(b = b, eps = ys - xs %*% b, u = y - X %*% b, xs = xs) }
  score <- function(l) { a <- at(l); wu <- W %*% a$u; n * sum(a$eps * wu) / sum(a$eps^2) - sum(ev / (1 - l * ev)) }
  lambda <- uniroot(score, c(0.01, 0.9), tol = .Machine$double.eps)$root
  a <- at(lambda); s2 <- sum(a$eps^2) / n
  ll <- -n / 2 * (log(2 * pi) + 1 + log(s2)) + sum(log(1 - lambda * ev))
  list(lambda = lambda, beta = as.vector(a$b), s2 = s2, ll = ll, V = error_information(a$xs, lambda, s2))
}

impacts_block <- function(fit, rho, beta) {
  fit$rho <- rho
  fit$coefficients <- setNames(beta, names(fit$coefficients))
  im <- impacts(fit, listw = lw)
  list(direct = arr(im$direct), indirect = arr(im$indirect), total = arr(im$total))
}

sar <- lagsarlm(crime ~ inc + hoval, data = d, listw = lw, method = "eigen")
sdm <- lagsarlm(crime ~ inc + hoval, data = d, listw = lw, method = "eigen", Durbin = TRUE)
sem <- errorsarlm(crime ~ inc + hoval, data = d, listw = lw, method = "eigen")
sar_x <- exact_lag(X)
sdm_x <- exact_lag(cbind(X, WX))
sem_x <- exact_error()

spatialreg_block <- function(fit, parameter) list(
  parameter = unname(fit[[parameter]]),
  parameter_se = unname(if (parameter == "rho") fit$rho.se else fit$lambda.se),
  coefficients = arr(unname(fit$coefficients)),
  std_errors = arr(unname(fit$rest.se)),
  sigma2 = unname(fit$s2),
  log_likelihood = as.numeric(logLik(fit)))
exact_block <- function(x, parameter) {
  k <- length(x$beta)
  list(parameter = x[[parameter]], parameter_se = sqrt(x$V[k + 1, k + 1]), coefficients = arr(x$beta),
       std_errors = arr(sqrt(diag(x$V))[1:k]), sigma2 = x$s2, log_likelihood = x$ll)
}

out <- list(
  eigenvalue_range = arr(range(ev)),
  sar = list(spatialreg = spatialreg_block(sar, "rho"), exact = exact_block(sar_x, "rho"),
             impacts = impacts_block(sar, sar_x$rho, sar_x$beta)),
  sdm = list(spatialreg = spatialreg_block(sdm, "rho"), exact = exact_block(sdm_x, "rho"),
             impacts = impacts_block(sdm, sdm_x$rho, sdm_x$beta)),
  sem = list(spatialreg = spatialreg_block(sem, "lambda"), exact = exact_block(sem_x, "lambda")),
  lr_sdm_sar = 2 * (sdm_x$ll - sar_x$ll),
  lr_sdm_sem = 2 * (sdm_x$ll - sem_x$ll))
cat(to_json(out), "\n")
