"""Disclosure: what leaves the vault for a court or a subject access request.

The explanatory statement (statement.py, its forms and pages), signed bundles (bundle.py,
signing.py) and the offline verifier (verify.py: pure, no Django). The models
(`ExplanatoryStatement`) stay in onrecord/vault/models.py: moving them would need a data
migration. See docs/VAULT.md.
"""
