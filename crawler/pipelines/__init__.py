"""Item pipelines: extraction in worker processes, then storing and indexing."""
