-- tandem:expand
-- tandem:accept TL101 nickname is not read by any released version
ALTER TABLE customers DROP COLUMN nickname;
