# Optional check of the synthetic datasets (not needed by CI): recomputes the constructed measures in base R and
# fits the textbook two-way fixed-effects regressions, to compare with the true values in README.md / truth.json.
# Run from data/: Rscript check.R
entropy <- function(x, dir) {
  xn <- sapply(seq_len(ncol(x)), function(j) { v <- x[, j]; r <- max(v) - min(v); if (dir[j] > 0) (v - min(v)) / r else (max(v) - v) / r })
  p <- sweep(xn, 2, colSums(xn), "/"); e <- -colSums(ifelse(p > 0, p * log(p), 0)) / log(nrow(xn)); w <- (1 - e) / sum(1 - e)
  as.vector(xn %*% w)
}
lq <- function(industry, total, period) (industry / total) / (ave(industry, period, FUN = sum) / ave(total, period, FUN = sum))
est <- function(m, terms) { s <- summary(m)$coefficients[terms, 1:2, drop = FALSE]; print(round(s, 5)) }

cat("== provinces_digital ==\n")
d <- read.csv("provinces_digital.csv")
ind <- names(d)[5:15]
for (v in ind) d[[v]] <- ave(d[[v]], d$province, FUN = function(x) approx(seq_along(x), x, seq_along(x))$y)
d$de <- entropy(as.matrix(d[, ind]), rep(1, 11))
d$ic <- lq(d$secondary_output, d$gdp, d$year)
ctl <- "gov + hum + pgdp + open + edu + factor(province) + factor(year)"
est(lm(as.formula(paste("ic ~ de +", ctl)), d), "de")
est(lm(as.formula(paste("ti ~ de +", ctl)), d), "de")
est(lm(as.formula(paste("ic ~ de + ti +", ctl)), d), c("de", "ti"))

cat("== provinces_virtual ==\n")
v <- read.csv("provinces_virtual.csv")
v$va <- entropy(as.matrix(v[, 5:11]), c(rep(1, 6), -1))
v$hc <- v$hum_cap - 9.5; v$iq <- v$inst_quality - 7
ctl <- "ln_pgdp + open + gov + urban + factor(province) + factor(year)"
est(lm(as.formula(paste("dig_infra ~ va +", ctl)), v), "va")
est(lm(as.formula(paste("inno ~ va:region + dig_infra + va:hc + va:iq + hc + iq +", ctl)), v),
    c("dig_infra", "va:regioneast", "va:regioncentral", "va:regionwest", "va:hc", "va:iq"))

cat("== cities_cbec ==\n")
c <- read.csv("cities_cbec.csv")
c$spec <- lq(c$emp_transport + c$emp_it + c$emp_finance + c$emp_leasing + c$emp_research, c$emp_total, c$year)
c$spec[is.na(c$emp_research)] <- NA
# the national sums leave out the rows with missing employment
ok <- !is.na(c$emp_research)
c$spec[ok] <- lq((c$emp_transport + c$emp_it + c$emp_finance + c$emp_leasing + c$emp_research)[ok], c$emp_total[ok], c$year[ok])
ctl <- "lnpop + lnaca + lngdp + infra + lngov + lninter + urban + lncons + factor(city) + factor(year)"
est(lm(as.formula(paste("inno ~ cbec +", ctl)), c), "cbec")
for (m in c("diginf", "spec", "envir")) {
  est(lm(as.formula(paste(m, "~ cbec +", ctl)), c), "cbec")
  est(lm(as.formula(paste("inno ~ cbec +", m, "+", ctl)), c), c("cbec", m))
}
for (r in c("east", "central", "northeast", "west")) {
  c$treat_r <- c$cbec * (c$region == r)
  cat(r, ""); est(lm(as.formula(paste("inno ~ treat_r +", ctl)), c), "treat_r")
}
c14 <- c[c$year == 2014, ]
cat("pilot logit on 2014 values\n"); print(round(coef(glm(treat ~ lngdp + lnpop + urban + lninter + infra + lnaca + lngov + lncons, binomial, c14)), 3))
