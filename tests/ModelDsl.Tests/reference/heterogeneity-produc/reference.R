# heterogeneity-produc: heterogeneity and moderation on plm's Produc with the did-produc pseudo-treatment.
# Group `letters` = first letter of the state name (A-I, K-N, O-W): a documented, arbitrary grouping that
# splits treated and never-treated states across all three groups.
# Outcome log(gsp); treatment `treated`; controls log(pcap), unemp; state + year FE; cluster by state (Stata CR1).
#   split:       the model on each group's rows
#   pooled:      log(gsp) ~ treated x 1{g} for each g + controls | state + year  (state nested in group: no group dummies)
#                Wald test of equal slopes (q = 2), F(2, G-1) and chi2(2)
#   level:       for each g, the full sample with only treated x 1{g} + controls | state + year
#   stacked:     treated x 1{g} and every control x 1{g} | state#g + year#g, cluster state; Wald test of equal slopes
#   moderation:  log(gsp) ~ c(log pcap) + c(unemp) + c(log pcap):c(unemp) + log(pc) | state + year, cluster state;
#                marginal effect of log(pcap) at unemp = 4 and 9 with delta-method SEs.
# Run: cd heterogeneity-produc && Rscript reference.R > expected.json
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
first <- substr(d$state, 1, 1)
d$letters <- ifelse(first <= "I", "A-I", ifelse(first <= "N", "K-N", "O-W"))
base <- data.frame(state = d$state, year = d$year, letters = d$letters, treated = d$treated,
                   `log(gsp)` = log(d$gsp), `log(pcap)` = log(d$pcap), `log(pc)` = log(d$pc), unemp = d$unemp,
                   check.names = FALSE)
controls <- c("log(pcap)", "unemp")
levels_g <- sort(unique(base$letters))
fes <- c("state", "year")

fit_block <- function(m, y, xs, fe, cl = "state") {
  f <- fe_fit(m, y, xs, fe)
  s <- fe_standard_vcovs(f, m, cl)
  V <- s$blocks[[paste0("cluster_", cl, "_stata")]]$matrix
  dimnames(V) <- list(names(f$b), names(f$b))
  list(f = f, V = V, G = n_clusters(m[[cl]]),
       out = list(observations = f$N, coefficients = lapply(seq_along(f$b), function(i) list(
         name = names(f$b)[i], estimate = unname(f$b[i]), std_error = sqrt(V[i, i])))))
}

equal_test <- function(b, V, idx, df2) {
  q <- length(idx) - 1
  R <- matrix(0, q, length(b))
  for (r in seq_len(q)) { R[r, idx[r + 1]] <- 1; R[r, idx[1]] <- -1 }
  rb <- R %*% b
  chi2 <- drop(t(rb) %*% solve(R %*% V %*% t(R)) %*% rb)
  list(q = q, chi2 = chi2, chi2_p = pchisq(chi2, q, lower.tail = FALSE), f = chi2 / q, f_df1 = q, f_df2 = df2,
       f_p = pf(chi2 / q, q, df2, lower.tail = FALSE))
}

inter <- function(x, g) sprintf("%s\u00d7letters=%s", x, g)

# --- split samples
split <- lapply(levels_g, function(g) {
  m <- base[base$letters == g, ]
  c(list(level = g), fit_block(m, "log(gsp)", c("treated", controls), fes)$out)
})

# --- pooled interaction
mp <- base
for (g in levels_g) mp[[inter("treated", g)]] <- mp$treated * (mp$letters == g)
pooled <- fit_block(mp, "log(gsp)", c(inter("treated", levels_g), controls), fes)
pooled_test <- equal_test(pooled$f$b, pooled$V, match(inter("treated", levels_g), names(pooled$f$b)), pooled$G - 1)

# --- one level at a time
level <- lapply(levels_g, function(g) c(list(level = g), fit_block(mp, "log(gsp)", c(inter("treated", g), controls), fes)$out))

# --- stacked
ms <- mp
for (x in controls) for (g in levels_g) ms[[inter(x, g)]] <- ms[[x]] * (ms$letters == g)
ms$state_g <- paste(ms$state, ms$letters, sep = "#")
ms$year_g <- paste(ms$year, ms$letters, sep = "#")
stacked <- fit_block(ms, "log(gsp)", c(inter("treated", levels_g), as.vector(t(outer(controls, levels_g, inter)))),
                     c("state_g", "year_g"))
stacked_test <- equal_test(stacked$f$b, stacked$V, match(inter("treated", levels_g), names(stacked$f$b)), stacked$G - 1)
# the stacked slopes equal the split-sample slopes
for (i in seq_along(levels_g)) stopifnot(abs(stacked$f$b[[inter("treated", levels_g[i])]] - split[[i]]$coefficients[[1]]$estimate) < 1e-10)

# --- moderation
mm <- base
xbar <- mean(mm$`log(pcap)`); zbar <- mean(mm$unemp); zsd <- sd(mm$unemp)
mm$`c(log(pcap))` <- mm$`log(pcap)` - xbar
mm$`c(unemp)` <- mm$unemp - zbar
mm$`c(log(pcap)):c(unemp)` <- mm$`c(log(pcap))` * mm$`c(unemp)`
mod <- fit_block(mm, "log(gsp)", c("c(log(pcap))", "c(unemp)", "c(log(pcap)):c(unemp)", "log(pc)"), fes)
me <- lapply(c(4, 9), function(z0) {
  g <- c(1, 0, z0 - zbar, 0)
  est <- sum(g * mod$f$b); se <- sqrt(drop(t(g) %*% mod$V %*% g))
  list(moderator_value = z0, estimate = est, std_error = se, p = 2 * pt(abs(est / se), mod$G - 1, lower.tail = FALSE))
})

write_json(list(
  case = "heterogeneity-produc",
  source = "plm::Produc (plm 2.6) with the did-produc pseudo staggered treatment; group = first letter of the state (A-I, K-N, O-W)",
  software = "R: exact least squares on dummies, Stata CR1 cluster-by-state vcov written out (common.R)",
  levels = arr(levels_g),
  split = split,
  pooled = c(pooled$out, list(equality = pooled_test)),
  level = level,
  stacked = c(stacked$out, list(equality = stacked_test)),
  moderation = c(mod$out, list(effect_mean = xbar, moderator_mean = zbar, moderator_sd = zsd, marginal_effects = me)),
  notes = arr(c("names: treated\u00d7letters=<g>; interactions are the regressor times 1{letters = g}",
                "stacked: FE state#letters and year#letters; cluster state; CR1 K = slopes + 1 + levels-1 of FEs not nested in state",
                "equality: chi2 = (Rb)'(RVR')^-1(Rb) for b_g - b_first = 0, F = chi2/q on F(q, G-1)"))))
