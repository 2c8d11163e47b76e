"""The PySide6 desktop station: thin widgets over the core's services.

Card and database work runs on worker threads (``tasks``); widgets only
show results. Every user-visible string goes through ``i18n.tr``.
"""
