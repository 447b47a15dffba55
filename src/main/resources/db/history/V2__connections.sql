-- Permanent connections a sender serves: a named receiver, a token kept only as a hash, an
-- optional download password (PBKDF2), the limits as JSON, the counters the limits meet.
CREATE TABLE connections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL,
  password_hash TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'revoked',
    'expired')),
  settings TEXT NOT NULL,
  downloads INTEGER NOT NULL DEFAULT 0,
  records_total INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_used_at TEXT
);
