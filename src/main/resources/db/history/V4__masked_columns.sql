-- which columns a transfer sent (or received) masked, and by which rule: "users.email=email, ..."
-- (never a value)
ALTER TABLE transfers ADD COLUMN masked_columns TEXT;
