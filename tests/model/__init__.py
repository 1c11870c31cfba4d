"""Model-based test of the whole sync system: three devices, the sync service, Google.

``world.py`` is the harness (replicas, fault switches, the oracle), ``test_model_sync.py``
the hypothesis state machine, ``soak.py`` the long runner behind ``make soak``.
"""
