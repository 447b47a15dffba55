-- Permanent connections this computer pulls with (the receiver's side): the sender's address,
-- the token and download password sealed with the data folder's key, the status last learnt.
CREATE TABLE saved_connections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  token_sealed TEXT NOT NULL,
  password_sealed TEXT,
  fingerprint TEXT,
  remote_name TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked', 'expired',
    'gone')),
  status_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_connected_at TEXT
);

-- On the receiver's side, the sender's id of a transfer that waits for its approval, so that
-- a receiver that was away can ask what became of it.
ALTER TABLE transfers ADD COLUMN remote_transfer_id INTEGER;
