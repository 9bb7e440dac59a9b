-- tandem:expand
ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
-- tandem:backfill
UPDATE customers SET email = CONCAT(LOWER(REPLACE(name, ' ', '.')), '@example.com') WHERE email IS NULL;
-- tandem:contract
ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL;
-- tandem:rollback
ALTER TABLE customers DROP COLUMN email;
