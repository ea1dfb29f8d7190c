// Placeholder while the example bot is written (session 2).
print("market-maker: not built yet")
