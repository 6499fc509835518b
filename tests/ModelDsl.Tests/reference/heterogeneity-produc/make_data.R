# Writes data.csv: did-produc's data (Produc + pseudo cohorts/treated) plus a documented grouping
# column `size`: "large" when the state's 1970 gsp is above the median of the 48 states' 1970 gsp,
# else "small" (24 states each).
source("../common.R")
d <- read.csv("../did-produc/data.csv", stringsAsFactors = FALSE)
g70 <- d$gsp[d$year == 1970]; names(g70) <- d$state[d$year == 1970]
med <- median(g70)
d$size <- ifelse(g70[d$state] > med, "large", "small")
write_data_csv(d)
