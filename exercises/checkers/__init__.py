"""The checkers of the exercises, one module per section of the guide."""
