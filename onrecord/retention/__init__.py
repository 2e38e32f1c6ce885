"""Retention: how long recordings are kept and how they are disposed of (docs/RETENTION.md).

schedule.py (pure: record types, rules, due dates), disposal.py (review, legal holds,
crypto-shredding with a certificate), owner_warnings.py (warning the record owner),
certificate_pdf.py, views.py and urls.py (the records manager's pages), jobs.py (the daily
warnings run). The models (`LegalHold`, `LegalHoldRelease`, `DisposalCertificate`,
`RetentionWarning`) stay in onrecord/vault/models.py: moving them would need a data migration.
"""
