"""OnRecord: recording meetings about children in UK children's social care, fairly and safely."""
