"""Redacted and playback copies, made as new recordings naming their original: spans.py (pure:
the parts to silence), derive.py (making a copy), views.py and urls.py (the pages), jobs.py."""
