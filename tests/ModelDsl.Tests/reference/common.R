# Shared helpers for the ModelDsl reference cases.
# Each case's reference.R does `source("../common.R")` and is run from its own folder:
#   cd <case> && Rscript reference.R > expected.json
# Everything here is plain base R + sandwich formulas written out, so the conventions are visible.

options(digits = 17, warn = 1)

# ---------------------------------------------------------------------------------------------
# Minimal JSON writer with 17 significant digits (jsonlite rounds unless told otherwise; writing our
# own keeps the number format fixed: sprintf("%.17g")).
#   - a length-1 atomic vector is a scalar; wrap with arr() to force a JSON array
#   - NA, NaN, Inf and NULL become null
#   - named list -> object (order kept), unnamed list -> array
# ---------------------------------------------------------------------------------------------
arr <- function(x) structure(as.list(x), class = "json_array")

json_scalar <- function(v) {
  if (is.null(v) || length(v) == 0) return("null")
  if (is.logical(v)) return(if (is.na(v)) "null" else if (v) "true" else "false")
  if (is.character(v) || is.factor(v)) {
    s <- as.character(v)
    if (is.na(s)) return("null")
    s <- gsub("\\\\", "\\\\\\\\", s)
    s <- gsub("\"", "\\\\\"", s)
    s <- gsub("\n", "\\\\n", s)
    return(paste0("\"", s, "\""))
  }
  if (is.integer(v)) return(if (is.na(v)) "null" else sprintf("%d", v))
  if (is.numeric(v)) {
    if (!is.finite(v)) return("null")
    return(sprintf("%.17g", v))
  }
  stop("json_scalar: unsupported type ", class(v))
}

to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  pad1 <- strrep("  ", indent + 1)
  if (is.null(x)) return("null")
  if (inherits(x, "json_array") || (is.list(x) && is.null(names(x)))) {
    if (length(x) == 0) return("[]")
    items <- vapply(x, function(e) to_json(e, indent + 1), "")
    # short scalar arrays on one line
    if (all(vapply(x, function(e) !is.list(e) && length(e) <= 1, TRUE)) && sum(nchar(items)) < 100) {
      return(paste0("[", paste(items, collapse = ", "), "]"))
    }
    return(paste0("[\n", paste0(pad1, items, collapse = ",\n"), "\n", pad, "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return("{}")
    keys <- names(x)
    items <- vapply(seq_along(x), function(i) {
      paste0(pad1, json_scalar(keys[i]), ": ", to_json(x[[i]], indent + 1))
    }, "")
    return(paste0("{\n", paste(items, collapse = ",\n"), "\n", pad, "}"))
  }
  if (is.matrix(x)) return(to_json(lapply(seq_len(nrow(x)), function(i) arr(x[i, ])), indent))
  if (length(x) == 1) return(json_scalar(x))
  to_json(arr(x), indent)
}

write_json <- function(x) cat(to_json(x), "\n", sep = "")

# ---------------------------------------------------------------------------------------------
# Variance estimators, written out.
#   X      : the n x p "score design" (for FE models: the regressors after partialling out the fixed
#            effects, by Frisch-Waugh-Lovell the slope block of the LSDV sandwich is exactly this)
#   e      : residuals of the full model
#   bread  : (X'X)^{-1}
# ---------------------------------------------------------------------------------------------
meat_cluster <- function(X, e, cluster) {
  S <- rowsum(X * e, group = as.character(cluster), reorder = FALSE)   # G x p cluster score sums
  crossprod(S)
}
meat_hc0 <- function(X, e) crossprod(X * e)

vcov_cluster_raw <- function(X, e, cluster) {        # CR0: no small-sample factor
  B <- solve(crossprod(X))
  B %*% meat_cluster(X, e, cluster) %*% B
}
vcov_hc0_raw <- function(X, e) {
  B <- solve(crossprod(X))
  B %*% meat_hc0(X, e) %*% B
}

n_clusters <- function(cl) length(unique(as.character(cl)))

# A vcov block in the shared schema. `df` is the degrees of freedom for the t reference distribution
# (Inf means normal); `extra` is merged in.
vcov_block <- function(b, V, df, description, small_sample_factor = NULL, clusters = NULL,
                       extra = list()) {
  se <- sqrt(diag(V))
  tstat <- b / se
  p <- if (is.finite(df)) 2 * pt(abs(tstat), df = df, lower.tail = FALSE) else 2 * pnorm(-abs(tstat))
  crit <- if (is.finite(df)) qt(0.975, df) else qnorm(0.975)
  coefs <- lapply(seq_along(b), function(i) list(
    name = names(b)[i], std_error = unname(se[i]), t = unname(tstat[i]), p = unname(p[i]),
    ci_low = unname(b[i] - crit * se[i]), ci_high = unname(b[i] + crit * se[i])))
  out <- list(description = description)
  if (!is.null(small_sample_factor)) out$small_sample_factor <- small_sample_factor
  if (!is.null(clusters)) out$clusters <- arr(as.integer(clusters))
  out$df_t <- if (is.finite(df)) df else NULL
  out$distribution <- if (is.finite(df)) "t" else "normal"
  out <- c(out, extra)
  # joint Wald test that all slopes are zero (intercept / _cons excluded), as Stata prints it:
  # F = b'V^{-1}b / q on F(q, df_t); with a normal reference the chi2 form
  idx <- which(!(names(b) %in% c("(Intercept)", "_cons")))
  if (length(idx) > 0) {
    bb <- b[idx]; chi2 <- drop(t(bb) %*% solve(V[idx, idx, drop = FALSE]) %*% bb); q <- length(idx)
    out$wald_all_slopes <- if (is.finite(df)) list(f = chi2 / q, df1 = q, df2 = df, p = pf(chi2 / q, q, df, lower.tail = FALSE))
                           else list(chi2 = chi2, df = q, p = pchisq(chi2, q, lower.tail = FALSE))
  }
  out$coefficients <- coefs
  out$matrix <- unname(V)
  out
}

coef_list <- function(b) lapply(seq_along(b), function(i) list(name = names(b)[i], estimate = unname(b[i])))

# Wald test of R b = 0 with vcov V: chi2 = (Rb)'(RVR')^{-1}(Rb), F = chi2/q.
wald_test <- function(b, V, idx, df2) {
  R <- diag(length(b))[idx, , drop = FALSE]
  rb <- R %*% b
  chi2 <- drop(t(rb) %*% solve(R %*% V %*% t(R)) %*% rb)
  q <- length(idx)
  list(restrictions = arr(names(b)[idx]), q = q, chi2 = chi2,
       chi2_p = pchisq(chi2, q, lower.tail = FALSE), f = chi2 / q, f_df1 = q, f_df2 = df2,
       f_p = pf(chi2 / q, q, df2, lower.tail = FALSE))
}

# Partial fixed effects out of each column of M by exact least squares on the dummies (lm.fit on the
# full dummy matrix; exact up to floating point, no iteration). fe: data.frame of factors.
partial_out <- function(M, fe) {
  D <- model.matrix(as.formula(paste("~", paste(names(fe), collapse = " + "))), data = fe)
  M - qr.fitted(qr(D), M)
}

# Shortest decimal (15, 16 or 17 significant digits) that reads back to the identical double.
shortest_repr <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("")
    for (dg in 15:17) { s <- sprintf(paste0("%.", dg, "g"), v); if (as.numeric(s) == v) return(s) }
    sprintf("%.17g", v)
  }, "")
}

write_data_csv <- function(df, path = "data.csv") {
  out <- df
  for (nm in names(out)) {
    if (is.double(out[[nm]])) out[[nm]] <- ifelse(is.na(out[[nm]]), "", shortest_repr(out[[nm]]))
    else if (is.factor(out[[nm]])) out[[nm]] <- as.character(out[[nm]])
  }
  write.csv(out, path, row.names = FALSE, quote = FALSE, na = "")
}

# ---------------------------------------------------------------------------------------------
# Linear model with any number of fixed effects, solved exactly (least squares on the dummies; the
# slopes come from the Frisch-Waugh-Lovell partialled regression, which is what every demeaning
# estimator converges to).
#   d: data.frame; y: name of the dependent column; xs: names of the regressor columns (already
#   transformed); fes: names of fixed-effect columns (treated as factors).
# Returns a list with b, Xt (partialled regressors), e (residuals), N, k (slopes), the FE design
# rank, sums of squares and R² variants.
# ---------------------------------------------------------------------------------------------
fe_fit <- function(d, y, xs, fes) {
  fe <- as.data.frame(lapply(d[fes], function(v) factor(as.character(v))))
  names(fe) <- fes
  D <- model.matrix(as.formula(paste("~", paste(fes, collapse = " + "))), data = fe)
  qD <- qr(D)
  Y <- d[[y]]; X <- as.matrix(d[xs]); colnames(X) <- xs
  Yt <- drop(Y - qr.fitted(qD, Y)); Xt <- X - qr.fitted(qD, X)
  qX <- qr(Xt)
  if (qX$rank < ncol(Xt)) stop("regressors collinear with the fixed effects")
  b <- qr.coef(qX, Yt); names(b) <- xs
  e <- drop(Yt - Xt %*% b)
  N <- length(Y); k <- length(xs); rankD <- qD$rank
  rss <- sum(e^2)
  tss <- sum((Y - mean(Y))^2)
  tss_within <- sum(Yt^2)
  df_r <- N - k - rankD
  list(b = b, Xt = Xt, Yt = Yt, e = e, N = N, k = k, rankD = rankD, df_residual = df_r,
       X = X, Y = Y, fe = fe,
       levels = sapply(fe, nlevels), rss = rss, tss = tss, tss_within = tss_within,
       r2 = 1 - rss / tss, r2_adjusted = 1 - (rss / tss) * (N - 1) / df_r,
       r2_within = 1 - rss / tss_within,
       sigma = sqrt(rss / df_r), rmse = sqrt(rss / N))
}

# TRUE when every level of `inner` sits inside one level of `outer`.
is_nested <- function(inner, outer) {
  all(tapply(as.character(outer), as.character(inner), function(v) length(unique(v))) == 1)
}

# Stata/reghdfe/fixest K for the cluster small-sample factor: slopes + 1 (constant) + the levels of
# every fixed effect not nested in any cluster variable, minus one each (the redundancy with the
# constant). Valid for connected designs (all cases here).
k_stata <- function(f, d, cluster_vars) {
  K <- f$k + 1
  for (nm in names(f$fe)) {
    nested <- any(vapply(cluster_vars, function(cv) is_nested(f$fe[[nm]], d[[cv]]), TRUE))
    if (!nested) K <- K + nlevels(f$fe[[nm]]) - 1
  }
  K
}

# Stata-style constant (xtreg fe / reghdfe): cons = mean(y) - mean(X) b, from the augmented design
# A = [1, Xt + 1 mean(X)'] with the model residuals. Returns the augmented design; the variance of
# (cons, b) is then computed from A exactly as for the slopes.
augmented_design <- function(f) {
  xbar <- colMeans(f$X)
  A <- cbind(1, sweep(f$Xt, 2, xbar, "+"))
  colnames(A) <- c("_cons", colnames(f$Xt))
  list(A = A, cons = mean(f$Y) - sum(xbar * f$b))
}

fit_stats <- function(f) list(observations = f$N, df_residual = f$df_residual, rss = f$rss,
  tss = f$tss, tss_within = f$tss_within, r2 = f$r2, r2_adjusted = f$r2_adjusted,
  r2_within = f$r2_within,
  r2_within_adjusted = 1 - (1 - f$r2_within) * (f$N - 1) / f$df_residual,
  sigma = f$sigma, rmse = f$rmse)

fe_levels <- function(f) {
  out <- lapply(f$levels, function(v) as.integer(v)); names(out) <- names(f$levels); out
}

with_default_se <- function(out) {
  dv <- out$vcov[[out$default_vcov]]
  est <- out$coefficients
  out$coefficients <- lapply(seq_along(est), function(i) c(est[[i]],
    dv$coefficients[[i]][c("std_error", "t", "p", "ci_low", "ci_high")]))
  if (!is.null(dv$clusters)) out$clusters <- dv$clusters     # cluster counts of the default vcov
  out
}

# Standard vcov blocks for an FE fit: iid, hc1 and the Stata-convention one-way cluster CR1 for each
# variable in `cluster_vars` (block name "cluster_<var>_stata"), plus the Stata constant.
fe_standard_vcovs <- function(f, d, cluster_vars) {
  b <- f$b; N <- f$N; df_r <- f$df_residual
  blocks <- list(
    iid = vcov_block(b, f$sigma^2 * solve(crossprod(f$Xt)), df_r,
      "s^2 (Xt'Xt)^{-1}, s^2 = RSS/(N-k-rank(FE)), t with df_residual"),
    hc1 = vcov_block(b, vcov_hc0_raw(f$Xt, f$e) * N / df_r, df_r,
      "HC1 with all FE parameters counted: N/(N-k-rank(FE)) * HC0 (reghdfe vce(robust), fixest hetero), t with df_residual",
      small_sample_factor = N / df_r))
  aug <- augmented_design(f)
  bA <- c(`_cons` = aug$cons, b)
  cons <- list(estimate = aug$cons,
    iid = vcov_block(bA, f$sigma^2 * solve(crossprod(aug$A)), df_r, "iid, s^2 = RSS/df_residual"))
  for (cv in cluster_vars) {
    G <- n_clusters(d[[cv]])
    K <- k_stata(f, d, cv)
    fac <- G / (G - 1) * (N - 1) / (N - K)
    nested <- names(f$fe)[vapply(names(f$fe), function(nm) is_nested(f$fe[[nm]], d[[cv]]), TRUE)]
    desc <- sprintf("CR1 Stata/reghdfe/fixest: G/(G-1)*(N-1)/(N-K), G = %d, K = %d = %d slopes + 1 constant + levels-1 of each FE not nested in %s (nested: %s), t with G-1 df",
                    G, K, f$k, cv, if (length(nested)) paste(nested, collapse = ", ") else "none")
    blocks[[paste0("cluster_", cv, "_stata")]] <- vcov_block(b, vcov_cluster_raw(f$Xt, f$e, d[[cv]]) * fac,
      G - 1, desc, small_sample_factor = fac, clusters = G, extra = list(k_small_sample = K))
    cons[[paste0("cluster_", cv, "_stata")]] <- vcov_block(bA, vcov_cluster_raw(aug$A, f$e, d[[cv]]) * fac,
      G - 1, desc, small_sample_factor = fac, clusters = G)
    # areg convention: every FE parameter counted in K (Stata areg vce(cluster), estimatr se_type="stata")
    K_full <- f$k + f$rankD
    fac_a <- G / (G - 1) * (N - 1) / (N - K_full)
    blocks[[paste0("cluster_", cv, "_areg")]] <- vcov_block(b, vcov_cluster_raw(f$Xt, f$e, d[[cv]]) * fac_a, G - 1,
      sprintf("CR1 with ALL FE parameters in K (Stata areg vce(cluster), estimatr::lm_robust(fixed_effects=, se_type='stata')): G/(G-1)*(N-1)/(N-K), K = k + rank(FE) = %d, t with G-1 df", K_full),
      small_sample_factor = fac_a, clusters = G, extra = list(k_small_sample = K_full))
  }
  list(blocks = blocks, stata_constant = c(list(description =
    "reghdfe/xtreg fe _cons = mean(y) - mean(X)'b; vcov from the augmented design A = [1, Xt + 1 mean(X)'] with the model residuals and the same factor as the slopes"), cons))
}

# Two-way cluster (Cameron-Gelbach-Miller 2011): V = c1 V_1 + c2 V_2 - c12 V_12 (raw CR0 pieces on the
# clusters, their intersection), with the common (N-1)/(N-K), K counting FEs not nested in either.
# conventional: c_i = G_i/(G_i-1) with each piece's own G (intersection included);
# min (fixest default cluster.df = "min"): every piece times Gmin/(Gmin-1). t with Gmin-1 df.
twoway_cluster_blocks <- function(f, d, cv1, cv2) {
  b <- f$b; N <- f$N
  c1 <- d[[cv1]]; c2 <- d[[cv2]]; c12 <- paste(c1, c2, sep = "\r")
  G1 <- n_clusters(c1); G2 <- n_clusters(c2); G12 <- n_clusters(c12); Gmin <- min(G1, G2)
  K <- k_stata(f, d, c(cv1, cv2))
  adj <- (N - 1) / (N - K)
  V1 <- vcov_cluster_raw(f$Xt, f$e, c1); V2 <- vcov_cluster_raw(f$Xt, f$e, c2)
  V12 <- vcov_cluster_raw(f$Xt, f$e, c12)
  Vconv <- adj * (G1 / (G1 - 1) * V1 + G2 / (G2 - 1) * V2 - G12 / (G12 - 1) * V12)
  Vmin <- adj * Gmin / (Gmin - 1) * (V1 + V2 - V12)
  ex <- list(k_small_sample = K, n_minus_1_over_n_minus_k = adj, clusters_intersection = G12)
  out <- list()
  out[[paste0("cluster_", cv1, "_", cv2, "_conventional")]] <- vcov_block(b, Vconv, Gmin - 1,
    sprintf("two-way CGM: (N-1)/(N-K) * [G1/(G1-1) V_%s + G2/(G2-1) V_%s - G12/(G12-1) V_%s#%s], K = %d (FEs nested in a cluster not counted), each piece its own G (fixest ssc(cluster.df='conventional'); reghdfe), t with min(G)-1 df",
            cv1, cv2, cv1, cv2, K), clusters = c(G1, G2), extra = ex)
  out[[paste0("cluster_", cv1, "_", cv2, "_min")]] <- vcov_block(b, Vmin, Gmin - 1,
    sprintf("two-way CGM: (N-1)/(N-K) * Gmin/(Gmin-1) * [V_%s + V_%s - V_%s#%s], K = %d, fixest default ssc(cluster.df='min'); no eigenvalue fix needed (PSD checked), t with min(G)-1 df",
            cv1, cv2, cv1, cv2, K), clusters = c(G1, G2), extra = ex)
  stopifnot(all(eigen(Vconv, only.values = TRUE)$values > 0), all(eigen(Vmin, only.values = TRUE)$values > 0))
  out
}
