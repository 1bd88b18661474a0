"""Community asset directory on Open Referral UK (ORUK)."""
