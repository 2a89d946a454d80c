"""The Gradio chat for staff (`policyqa ui`), kept apart from the pipeline library `qa/`."""
