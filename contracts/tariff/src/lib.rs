// placeholder until the contract lands
