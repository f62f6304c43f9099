"""Finding the passages that bear on a question: dense, keyword, fused, diversified."""
