-- tandem:expand
ALTER TABLE orders DROP COLUMN coupon;
