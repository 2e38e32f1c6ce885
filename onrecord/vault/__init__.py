"""The recording vault (issue 6): encrypted, never-edited audio that a court can rely on.

Pure modules (no Django): crypto.py (the chunked AES-256-GCM format and seekable reader),
keys.py (key-encryption keys), storage.py (blob stores), probe.py (is it whole audio?).
Django: models.py (Recording), ingest.py (taking a recording in), services.py (reading, verifying,
re-wrapping, sweeping). See docs/VAULT.md.
"""
