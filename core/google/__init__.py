"""Google account and two-way Google Calendar sync (no Qt).

``config`` (endpoints, scopes, client secrets), ``oauth`` (loopback login), ``tokens``
(keyring), ``account`` (who is connected, in sync_state), ``client`` (the Calendar
service and the retry policy), ``mapping`` (Google event JSON <-> Event), ``engine``
(the sync), ``scheduler`` (background runs and status), ``commands`` (``iljeong google``).
"""
