-- Version 1 of the accounts service: one table, a classic script (no sections), run at expand.
-- A classic script suits what is backward compatible by nature: here, a table nobody uses yet.
CREATE TABLE customers (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(200) NOT NULL,          -- "First Last": v2 splits it in two
  email         VARCHAR(200) NOT NULL,          -- v2 renames it to email_address
  balance_cents INT NOT NULL DEFAULT 0          -- v2 widens it to BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
