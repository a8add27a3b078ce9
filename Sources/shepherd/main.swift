print("shepherd")
