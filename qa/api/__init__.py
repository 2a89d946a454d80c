"""The HTTP API: REST routes and an OpenAI-compatible chat route over the answer service."""
