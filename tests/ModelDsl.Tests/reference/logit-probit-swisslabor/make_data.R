# Writes data.csv from AER's SwissLabor (872 Swiss women, Gerfin 1996): participation and foreign as
# 0/1 integers (yes = 1), the other columns as stored.
source("../common.R")
data("SwissLabor", package = "AER")
d <- SwissLabor
d$participation <- as.integer(d$participation == "yes")
d$foreign <- as.integer(d$foreign == "yes")
write_data_csv(d[, c("participation", "income", "age", "education", "youngkids", "oldkids", "foreign")])
