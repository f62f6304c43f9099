"""The economics engine: price table, cost/revenue/margin formulas, calculation questions."""
