# data.csv is the did-produc data unchanged (plm::Produc with the documented pseudo staggered treatment):
#   cp ../did-produc/data.csv .
