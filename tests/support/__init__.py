"""What many test folders share: the personas and their demo world, the conference recording,
and running a child process. Fixtures here are made visible to every test by tests/conftest.py."""
