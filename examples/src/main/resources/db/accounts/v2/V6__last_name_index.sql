-- An index for v2's search by last name, as a phased SQL script.
-- Expand builds it online (Tandem refuses an ALTER that would block writes or copy the table);
-- there is nothing to contract, and a rollback drops it.
-- tandem:expand
CREATE INDEX customers_last_name ON customers (last_name) ALGORITHM=INPLACE LOCK=NONE;
-- tandem:rollback
DROP INDEX customers_last_name ON customers;
