"""Finding clauses: dense search, jieba BM25, fusion and scope, as llama-index retrievers."""
