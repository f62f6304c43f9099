"""Question (+ history) -> a streamed, cited answer, or an honest abstention."""
