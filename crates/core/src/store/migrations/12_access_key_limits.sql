-- Rate limits per access key (requests and tokens per minute); NULL: no limit.
ALTER TABLE access_keys ADD COLUMN rpm_limit INTEGER;
ALTER TABLE access_keys ADD COLUMN tpm_limit INTEGER;
