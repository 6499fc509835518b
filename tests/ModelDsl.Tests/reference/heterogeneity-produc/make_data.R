# data.csv is the did-produc data unchanged (plm::Produc with the documented pseudo staggered treatment):
#   cp ../did-produc/data.csv .
# The grouping used by reference.R is derived from the state name there (no new column is written):
#   letters = first letter of the state: A-I -> "A-I", K-N -> "K-N", O-W -> "O-W".
