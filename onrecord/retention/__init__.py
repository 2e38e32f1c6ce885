"""Retention: the schedule, disposal with certificates, legal holds and owner warnings."""
