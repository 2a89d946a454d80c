"""From retrieved clauses to a cited answer, or an honest refusal."""
