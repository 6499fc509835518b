# Writes data.csv from AER's SwissLabor (Gerfin 1996), the Kleiber-Zeileis labour participation example.
suppressMessages(library(AER))
data(SwissLabor)
d <- SwissLabor
d$participation <- as.integer(d$participation == "yes")
d$foreign <- as.integer(d$foreign == "yes")
d$age2 <- d$age^2
write.csv(d, "data.csv", row.names = FALSE)
