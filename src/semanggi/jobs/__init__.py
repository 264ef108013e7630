"""Background jobs: long work (imports, exports, batches, the daily refresh) run by a task
queue, with a Job record the person who asked for it can follow."""
