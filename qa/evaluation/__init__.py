"""The evaluation suite: the golden questions, metrics, and the run that produces them."""
