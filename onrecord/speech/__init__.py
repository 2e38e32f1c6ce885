"""Offline speech-to-text and speaker diarization (issue 7), pure Python with no Django.

The web app (`onrecord/transcripts/`) feeds it decrypted audio from the vault and stores what
it returns; nothing here reads the database or writes anything but model files it verifies.
"""
