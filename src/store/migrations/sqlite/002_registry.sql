-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The opposition registry (prefix reg_) and its transparency log (prefix log_).
-- The log is an RFC 9162 Merkle tree whose leaves are the oppositions'
-- canonical encodings (src/domain/opposition.h); reg_ links each leaf to its
-- pid, which the log itself never holds.

-- Leaf i of the log: its bytes and its leaf hash (node 0/i).
CREATE TABLE log_leaves (
  idx  INTEGER PRIMARY KEY CHECK (idx >= 0),
  data BLOB NOT NULL,
  hash BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

-- Perfect subtrees above the leaves: node (level, idx) covers the leaves
-- [idx * 2^level, (idx + 1) * 2^level). Proofs read O(log n) of them.
CREATE TABLE log_nodes (
  level INTEGER NOT NULL CHECK (level >= 1),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- Every checkpoint the log signed (C2SP signed note), one per tree size.
-- Nothing here is unsigned: the times are in the leaves.
CREATE TABLE log_checkpoints (
  size INTEGER PRIMARY KEY CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  note TEXT NOT NULL
) STRICT;

-- Each leaf's event, with the pid it concerns. The leaf cannot name the pid
-- (the log is publishable), so mac = HMAC-SHA256(K_hub, the row's canonical
-- encoding) binds them: a row changed without the hub key fails the audit.
CREATE TABLE reg_events (
  leaf_idx INTEGER PRIMARY KEY REFERENCES log_leaves(idx),
  pid      TEXT NOT NULL,
  event    TEXT NOT NULL CHECK (event IN ('register', 'withdraw')),
  scope    TEXT NOT NULL,
  time     TEXT NOT NULL,
  mac      BLOB NOT NULL CHECK (length(mac) = 32)
) STRICT;
CREATE INDEX reg_events_by_pid ON reg_events(pid, scope, leaf_idx);

-- The current state: one row per (pid, scope) ever registered.
CREATE TABLE reg_oppositions (
  pid           TEXT NOT NULL,
  scope         TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  registered_at TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  leaf_idx      INTEGER NOT NULL REFERENCES log_leaves(idx),
  PRIMARY KEY (pid, scope)
) STRICT, WITHOUT ROWID;
