"""Resumable uploads into the vault: the tus protocol (core, creation, termination)."""
