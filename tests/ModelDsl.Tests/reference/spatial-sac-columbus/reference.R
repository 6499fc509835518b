# The SAC (SARAR) model of Columbus crime on income and house value, y = rho W y + X beta + u, u = lambda W u + e, by
# maximum likelihood as spatialreg computes it (sacsarlm, method = "eigen", W1 = W2 = the row-standardised queen
# contiguity of neighbours.csv), and the impacts (spatialreg::impacts with the exact dense S_W).
#
# Two sets of numbers:
#   spatialreg   the fitted object as sacsarlm returns it: nlminb() on the concentrated log-likelihood from the best of
#                four starting points (its defaults), the asymptotic variance of its analytic information matrix (with
#                method = "eigen" sacsarlm does not use the numerical Hessian: control fdHess defaults to
#                method != "eigen"; the matrix is written out below and checked against sacsarlm's own)
#   exact        (rho, lambda) polished to machine precision by Newton steps on the analytic score of the concentrated
#                log-likelihood (its Jacobian by central differences), beta and sigma^2 there, the same information
#                matrix evaluated there, and spatialreg::impacts() with rho and beta replaced by the polished values.
# nlminb stops at its relative tolerance of the log-likelihood (1e-10), so its (rho, lambda) are ~1e-6 from the exact
# optimum; the C# kernel polishes the score, and the tests compare with "exact" at 1e-8 and with "spatialreg" at 1e-6.
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
y <- d$crime
wy <- as.vector(W %*% y); WX <- W %*% X
tr <- function(A) sum(diag(A))

# the concentrated log-likelihood at (rho, lambda): beta by least squares of B(y - rho Wy) on B X, B = I - lambda W
at <- function(p) {
  r <- p[1]; l <- p[2]
  u0 <- y - r * wy
  ys <- u0 - l * as.vector(W %*% u0); xs <- X - l * WX
  b <- qr.solve(xs, ys); e <- as.vector(ys - xs %*% b)
  list(b = as.vector(b), e = e, u = as.vector(u0 - X %*% b), xs = xs, sse = sum(e^2))
}
loglik <- function(p) { a <- at(p); -n / 2 * (log(2 * pi) + 1 + log(a$sse / n)) + sum(log(1 - p[1] * ev)) + sum(log(1 - p[2] * ev)) }
score <- function(p) {
  a <- at(p)
  bwy <- wy - p[2] * as.vector(W %*% wy)          # -(d e / d rho) = B W y
  wu <- as.vector(W %*% a$u)                       # -(d e / d lambda) = W u
  c(n * sum(a$e * bwy) / a$sse - sum(ev / (1 - p[1] * ev)),
    n * sum(a$e * wu) / a$sse - sum(ev / (1 - p[2] * ev)))
}
information <- function(p, beta, s2) {
  r <- p[1]; l <- p[2]
  A <- diag(n) - r * W; B <- diag(n) - l * W
  WA <- W %*% solve(A); WB <- W %*% solve(B)
  k <- ncol(X); Bx <- B %*% X; BWAxb <- B %*% WA %*% X %*% beta
  I <- matrix(0, k + 3, k + 3)                    # order (beta, rho, lambda, sigma2)
  I[1:k, 1:k] <- crossprod(Bx) / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- crossprod(Bx, BWAxb) / s2
  I[k + 1, k + 1] <- tr(WA %*% WA) + tr(crossprod(B %*% WA %*% solve(B))) + sum(BWAxb^2) / s2
  I[k + 2, k + 2] <- tr(WB %*% WB) + tr(crossprod(WB))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- tr(t(WB) %*% B %*% WA %*% solve(B)) + tr(W %*% WA %*% solve(B))
  I[k + 1, k + 3] <- I[k + 3, k + 1] <- tr(WA) / s2
  I[k + 2, k + 3] <- I[k + 3, k + 2] <- tr(WB) / s2
  I[k + 3, k + 3] <- n / (2 * s2^2)
  solve(I)
}

sac <- sacsarlm(crime ~ inc + hoval, data = d, listw = lw, method = "eigen")
stopifnot(isFALSE(sac$fdHess))

# sacsarlm's own variance (order sigma2, rho, lambda, beta) against the matrix written out above, at its estimates
V_sr <- information(c(sac$rho, sac$lambda), unname(sac$coefficients), sac$s2)
k <- ncol(X); ord <- c(k + 3, k + 1, k + 2, 1:k)
stopifnot(abs(sqrt(V_sr[k + 1, k + 1]) - sac$rho.se) < 1e-10 * sac$rho.se,
          abs(sqrt(V_sr[k + 2, k + 2]) - sac$lambda.se) < 1e-10 * sac$lambda.se,
          max(abs(sqrt(diag(V_sr))[1:k] - sac$rest.se) / sac$rest.se) < 1e-10)

# Newton on the analytic score from sacsarlm's optimum
p <- c(unname(sac$rho), unname(sac$lambda))
for (it in 1:50) {
  g <- score(p)
  J <- sapply(1:2, function(q) { h <- 1e-6; up <- p; dn <- p; up[q] <- up[q] + h; dn[q] <- dn[q] - h; (score(up) - score(dn)) / (2 * h) })
  step <- solve(J, g)
  p <- p - step
  if (max(abs(step)) < 1e-16) break
}
stopifnot(max(abs(score(p))) < 1e-9, loglik(p) >= as.numeric(logLik(sac)) - 1e-9)
a <- at(p); s2 <- a$sse / n
V <- information(p, a$b, s2)

impacts_block <- function(fit, rho, beta) {
  fit$rho <- rho
  fit$coefficients <- setNames(beta, names(fit$coefficients))
  im <- impacts(fit, listw = lw)
  list(direct = arr(im$direct), indirect = arr(im$indirect), total = arr(im$total))
}

out <- list(
  eigenvalue_range = arr(range(ev)),
  spatialreg = list(
    rho = unname(sac$rho), rho_se = unname(sac$rho.se), lambda = unname(sac$lambda), lambda_se = unname(sac$lambda.se),
    coefficients = arr(unname(sac$coefficients)), std_errors = arr(unname(sac$rest.se)),
    sigma2 = unname(sac$s2), log_likelihood = as.numeric(logLik(sac))),
  exact = list(
    rho = p[1], rho_se = sqrt(V[k + 1, k + 1]), lambda = p[2], lambda_se = sqrt(V[k + 2, k + 2]),
    coefficients = arr(a$b), std_errors = arr(sqrt(diag(V))[1:k]),
    sigma2 = s2, log_likelihood = loglik(p), score = arr(score(p)),
    cov_rho_lambda = V[k + 1, k + 2], sigma2_se = sqrt(V[k + 3, k + 3])),
  impacts = impacts_block(sac, p[1], a$b))
cat(to_json(out), "\n")
