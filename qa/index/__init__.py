"""The clause index: embeddings, the Chroma store, and safe incremental ingestion."""
