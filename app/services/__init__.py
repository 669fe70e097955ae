"""Use cases shared by the web routes and the CLI: the only layer either of them calls."""
