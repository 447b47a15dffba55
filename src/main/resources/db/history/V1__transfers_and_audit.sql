-- The local history: every transfer either side made, and an audit entry for every change.
CREATE TABLE transfers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  direction TEXT NOT NULL CHECK (direction IN ('send', 'receive')),
  connection_name TEXT,
  session_code TEXT,
  remote_address TEXT,
  table_name TEXT NOT NULL,
  strategy TEXT,
  local_database TEXT,
  records_requested INTEGER,
  records_transferred INTEGER NOT NULL DEFAULT 0,
  records_created INTEGER NOT NULL DEFAULT 0,
  records_updated INTEGER NOT NULL DEFAULT 0,
  records_skipped INTEGER NOT NULL DEFAULT 0,
  records_failed INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  requester_address TEXT,
  client_name TEXT,
  initiated_by TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'pending_approval', 'approved',
    'in_progress', 'completed', 'failed', 'cancelled', 'denied', 'expired')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error_message TEXT,
  requires_approval INTEGER NOT NULL DEFAULT 0,
  approved_at TEXT,
  approved_by TEXT,
  denied_at TEXT,
  denied_by TEXT,
  denial_reason TEXT,
  approval_expires_at TEXT,
  owner_pid INTEGER,
  owner_started_at TEXT
);
CREATE INDEX transfers_created ON transfers (created_at);
CREATE INDEX transfers_status ON transfers (status);
CREATE INDEX transfers_table ON transfers (table_name);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT,
  detail TEXT
);
CREATE INDEX audit_subject ON audit (subject, subject_id);
