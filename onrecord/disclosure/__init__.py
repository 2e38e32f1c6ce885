"""Court disclosure: signed bundles, their offline verifier and the signing key."""
