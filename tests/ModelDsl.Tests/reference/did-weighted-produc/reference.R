# did-weighted-produc: the weighted TWFE DID and event study of did-produc, as weighted lm() on state and year dummies.
# Run: cd did-weighted-produc && Rscript reference.R > expected.json   (data.csv from make_data.R)
# Outcome log(gsp); controls log(pcap), log(pc), log(emp), unemp; state + year dummies; clusters = state.
# Weights (Stata semantics, written out):
#   aweight: b = (X'WX)^-1 X'Wy; cluster meat from the scores w_i e_i x_i; factor G/(G-1)(N-1)/(N-K) with N rows
#            (the normalisation of aweights to sum to N cancels in b and in the sandwich);
#   fweight: the same b and meat, with N = sum(w) in (N-1)/(N-K) (a row counts w times);
#   K = slopes + 1 + 16 year dummies (state dummies are nested in the state clusters and not counted); t with G - 1 df.
# Event study: treated states' event time year - cohort binned to [-5, 5], reference -1 omitted (as did-produc).
source("../common.R")
d <- read.csv("data.csv", stringsAsFactors = FALSE)
controls <- c("lpcap", "lpc", "lemp", "unemp")
d$ly <- log(d$gsp); d$lpcap <- log(d$pcap); d$lpc <- log(d$pc); d$lemp <- log(d$emp)
G <- length(unique(d$state))

fit_block <- function(regs, names_out, w, frequency) {
  f <- lm(as.formula(paste("ly ~", paste(c(regs, "factor(state)", "factor(year)"), collapse = " + "))), data = d, weights = w)
  X <- model.matrix(f); e <- residuals(f)
  A <- solve(crossprod(X * sqrt(w)))
  M <- crossprod(rowsum(X * (w * e), d$state))
  N <- if (frequency) sum(w) else nrow(d)
  K <- length(regs) + 1 + 16
  V <- G / (G - 1) * (N - 1) / (N - K) * A %*% M %*% A
  idx <- 2:(length(regs) + 1)
  b <- unname(coef(f)[idx]); se <- sqrt(diag(V)[idx])
  t <- b / se; p <- 2 * pt(-abs(t), G - 1)
  list(observations = N, coefficients = lapply(seq_along(idx), function(i) list(
    name = names_out[i], estimate = b[i], std_error = se[i], t = t[i], p = p[i])))
}

d$treated <- as.integer(d$cohort > 0 & d$year >= d$cohort)
et <- c(-5:-2, 0:5)
rel <- ifelse(d$cohort > 0, pmin(pmax(d$year - d$cohort, -5L), 5L), NA)
ev <- sprintf("ev%d", seq_along(et))
for (i in seq_along(et)) d[[ev[i]]] <- as.integer(!is.na(rel) & rel == et[i])
names_did <- c("treated", "log(pcap)", "log(pc)", "log(emp)", "unemp")
names_es <- c(sprintf("event_time::%d", et), "log(pcap)", "log(pc)", "log(emp)", "unemp")

write_json(list(
  case = "did-weighted-produc",
  description = "Weighted TWFE DID and event study on the did-produc data: weighted lm() with state and year dummies, state-clustered CR1 with Stata's aweight/fweight conventions (header of reference.R)",
  did_aweight = fit_block(c("treated", controls), names_did, d$aw, FALSE),
  did_fweight = fit_block(c("treated", controls), names_did, d$fw, TRUE),
  event_study_aweight = fit_block(c(ev, controls), names_es, d$aw, FALSE),
  event_study_fweight = fit_block(c(ev, controls), names_es, d$fw, TRUE)
))
