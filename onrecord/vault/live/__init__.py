"""The browser's own recorder: protocol.py (pure: chunk rules and the spool file), models.py
(`LiveSession`, `LiveChunk`, app label "vault"), services.py, views.py and urls.py."""
