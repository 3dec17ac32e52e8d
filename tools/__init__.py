"""Developer tools: the type check at its baseline, the docs generated from the code."""
