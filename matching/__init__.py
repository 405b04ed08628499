"""Ranking startups for a challenge: embeddings, BM25, structured scores, fusion, learning.

The products over rows run on one BLAS thread. Every ranking then does the same arithmetic on
any machine, whatever its number of cores (an auditor's recomputation elsewhere comes out
identical), and several rankings run side by side instead of fighting over the cores.
"""

import numpy  # noqa: F401  (loads the BLAS library that the limit applies to)
from threadpoolctl import threadpool_limits

threadpool_limits(limits=1, user_api="blas")
