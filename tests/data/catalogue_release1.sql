BEGIN TRANSACTION;
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- UTC
  officer TEXT NOT NULL,            -- the name given (also when refused)
  role TEXT,                        -- the officer's role at that moment (NULL: unknown name)
  action TEXT NOT NULL,             -- search, show, export, dossier_open, reuse, review_*, sign_in, ...
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
  channel TEXT NOT NULL,            -- cli:<os user> or web:<client address>
  citizen_id TEXT,                  -- the citizen asked about, when there was one
  document_ids TEXT NOT NULL DEFAULT '[]',   -- JSON list of the documents shown
  detail TEXT
, centre TEXT);
INSERT INTO "audit_log" VALUES(1,'2026-12-03T14:24:07+00:00','-',NULL,'centre_added','ok','cli:root',NULL,'[]','00004 Phường Ba Đình',NULL);
INSERT INTO "audit_log" VALUES(2,'2026-12-03T14:24:07+00:00','lan','officer','show','ok','cli:test','001203004567','["doc-1"]',NULL,'00004');
CREATE TABLE audit_seen(
  audit_id INTEGER NOT NULL REFERENCES audit_log(id),
  document_id TEXT NOT NULL,
  citizen_id TEXT,                  -- the document's citizen when it was shown
  PRIMARY KEY (audit_id, document_id)
);
INSERT INTO "audit_seen" VALUES(2,'doc-1','001203004567');
CREATE TABLE centres(
  code TEXT PRIMARY KEY,            -- the administrative-unit code, or another code (index/codes.py)
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO "centres" VALUES('00004','Phường Ba Đình','2026-12-03T14:24:07+00:00');
CREATE TABLE cover_pages(
  source_sha256 TEXT NOT NULL,
  number INTEGER NOT NULL,
  status TEXT NOT NULL,             -- ok / unreadable / invalid
  dossier TEXT, citizen_id TEXT, procedure TEXT,
  problem TEXT,
  PRIMARY KEY (source_sha256, number)
);
INSERT INTO "cover_pages" VALUES('bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293',1,'unreadable',NULL,NULL,NULL,'no QR');
CREATE TABLE document_context(
  document_id TEXT PRIMARY KEY,
  source_sha256 TEXT NOT NULL,
  cover_page INTEGER,
  cover_status TEXT,
  dossier TEXT, citizen_id TEXT, procedure TEXT
);
INSERT INTO "document_context" VALUES('doc-1','bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293',1,'unreadable',NULL,NULL,NULL);
CREATE TABLE document_dates(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  issue_date TEXT,
  expiry_date TEXT,
  no_expiry INTEGER NOT NULL DEFAULT 0 CHECK (no_expiry IN (0, 1)),
  officer TEXT NOT NULL,
  at TEXT NOT NULL
);
INSERT INTO "document_dates" VALUES(1,'doc-1','2021-05-01',NULL,1,'lan','2026-03-04T00:00:00+00:00');
CREATE TABLE document_fields(
  document_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  source TEXT NOT NULL,        -- qr / mrz / text / operator / cover / review
  confidence REAL NOT NULL,
  PRIMARY KEY (document_id, name)
);
INSERT INTO "document_fields" VALUES('doc-1','full_name','Nguyễn Thị Lan','qr',1.0);
CREATE TABLE documents(
  id TEXT PRIMARY KEY,
  source_sha256 TEXT NOT NULL REFERENCES files(sha256),
  doc_type TEXT NOT NULL,
  type_confidence REAL NOT NULL,
  title TEXT,
  citizen_id TEXT,
  link_status TEXT NOT NULL CHECK (link_status IN ('linked','review')),
  link_reason TEXT,
  id_candidates TEXT NOT NULL DEFAULT '[]',
  dossier TEXT, procedure TEXT, officer TEXT,
  received_at TEXT NOT NULL
, issue_date TEXT, expiry_date TEXT, link_reason_code TEXT, centre TEXT);
INSERT INTO "documents" VALUES('doc-1','bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293','cccd',0.95,NULL,'001203004567','linked',NULL,'[]','HS-1',NULL,'lan','2026-03-02T02:00:00+00:00',NULL,NULL,NULL,NULL);
INSERT INTO "documents" VALUES('doc-2','664b4034b8fc71c0322dbf8d32631aed9255598e90b3fc32e74760ff1346b83f','giay_khai_sinh',0.95,NULL,NULL,'review',NULL,'[]','HS-1',NULL,NULL,'2026-03-03T02:00:00+00:00',NULL,NULL,NULL,NULL);
CREATE TABLE dossier_events(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- when it happened, UTC
  recorded_at TEXT NOT NULL,        -- when the row was written, UTC
  kind TEXT NOT NULL CHECK (kind IN ('dossier_opened', 'component_reused', 'component_submitted')),
  dossier TEXT NOT NULL,
  procedure TEXT,                   -- the dossier's procedure, copied on every event
  citizen_id TEXT,
  officer TEXT,
  component TEXT,                   -- component key in the procedure, when one matched
  doc_type TEXT,                    -- taxonomy key of the reused or submitted document
  document_id TEXT,                 -- the reused / submitted document (NULL: paper, not scanned)
  digitised INTEGER CHECK (digitised IN (0, 1)),   -- submitted: scanned at intake
  missed_reuse_of TEXT,             -- submitted: a valid stored document it could have reused
  note TEXT
, centre TEXT, origin_centre TEXT);
INSERT INTO "dossier_events" VALUES(1,'2026-03-02T02:00:00+00:00','2026-12-03T14:24:07+00:00','dossier_opened','HS-1',NULL,'001203004567','lan',NULL,NULL,NULL,NULL,NULL,'registered at ingest',NULL,NULL);
INSERT INTO "dossier_events" VALUES(2,'2026-03-02T02:00:00+00:00','2026-12-03T14:24:07+00:00','component_submitted','HS-1',NULL,'001203004567','lan',NULL,'cccd','doc-1',1,NULL,NULL,NULL,NULL);
INSERT INTO "dossier_events" VALUES(3,'2026-03-03T02:00:00+00:00','2026-12-03T14:24:07+00:00','component_submitted','HS-1',NULL,'001203004567',NULL,NULL,'giay_khai_sinh','doc-2',1,NULL,NULL,NULL,NULL);
CREATE TABLE files(
  sha256 TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  kind TEXT,
  stored_path TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued','processing','done','failed','quarantined')),
  reason TEXT,
  page_count INTEGER,
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  citizen_id TEXT, dossier TEXT, procedure TEXT, officer TEXT, profile TEXT
, owner TEXT);
INSERT INTO "files" VALUES('bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293','doc-1.pdf','doc-1.pdf',1,'pdf',NULL,'done',NULL,1,'2026-12-03T14:24:07+00:00','2026-12-03T14:24:07+00:00',NULL,'HS-1',NULL,NULL,NULL,'{"host": "vm", "pid": 16440, "started": 1796307846.54}');
INSERT INTO "files" VALUES('664b4034b8fc71c0322dbf8d32631aed9255598e90b3fc32e74760ff1346b83f','doc-2.pdf','doc-2.pdf',1,'pdf',NULL,'done',NULL,1,'2026-12-03T14:24:07+00:00','2026-12-03T14:24:07+00:00',NULL,'HS-1',NULL,NULL,NULL,'{"host": "vm", "pid": 16440, "started": 1796307846.54}');
CREATE TABLE index_outbox(
  document_id TEXT PRIMARY KEY,
  queued_at TEXT NOT NULL
);
INSERT INTO "index_outbox" VALUES('doc-1','2026-12-03T14:24:07+00:00');
INSERT INTO "index_outbox" VALUES('doc-2','2026-12-03T14:24:07+00:00');
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO "meta" VALUES('schema_version','1');
CREATE TABLE officers(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('operator', 'officer', 'supervisor')),
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
, credential_version INTEGER NOT NULL DEFAULT 0, centre TEXT);
INSERT INTO "officers" VALUES('lan','officer','argon2-hash',1,'2026-12-03T14:24:07+00:00','2026-12-03T14:24:07+00:00',1,'00004');
CREATE TABLE page_jobs(
  source_sha256 TEXT NOT NULL,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','processing','done','failed','quarantined')),
  outcome TEXT,                 -- the page's result (pipeline.models.PageOutcome JSON) until the file is committed
  error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source_sha256, number)
);
INSERT INTO "page_jobs" VALUES('bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293',1,'queued',NULL,NULL,'2026-12-03T14:24:07+00:00');
INSERT INTO "page_jobs" VALUES('bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293',2,'queued',NULL,NULL,'2026-12-03T14:24:07+00:00');
CREATE TABLE pages(
  source_sha256 TEXT NOT NULL REFERENCES files(sha256),
  number INTEGER NOT NULL,
  document_id TEXT REFERENCES documents(id),
  text TEXT NOT NULL DEFAULT '',
  ocr_confidence REAL,
  is_blank INTEGER NOT NULL DEFAULT 0,
  rotation INTEGER NOT NULL DEFAULT 0,
  skew REAL NOT NULL DEFAULT 0,
  dpi REAL,
  quality_ok INTEGER NOT NULL DEFAULT 1,
  quality_reasons TEXT NOT NULL DEFAULT '[]',
  error TEXT,
  words TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (source_sha256, number)
);
INSERT INTO "pages" VALUES('bb0e4f49443794d901e8969ff11bd112e34208a0dcdf0e1eedb480cc9b3c7293',1,'doc-1','CĂN CƯỚC',90.0,0,0,0.0,NULL,1,'[]',NULL,'[]');
INSERT INTO "pages" VALUES('664b4034b8fc71c0322dbf8d32631aed9255598e90b3fc32e74760ff1346b83f',1,'doc-2','GIAY_KHAI_SINH',90.0,0,0,0.0,NULL,1,'[]',NULL,'[]');
CREATE TABLE review_decisions(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,                 -- UTC
  document_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('confirm','relink','retype')),
  officer TEXT NOT NULL,
  doc_type_before TEXT, doc_type_after TEXT,
  citizen_before TEXT, citizen_after TEXT,
  link_status_after TEXT,
  reason_before TEXT,               -- why the document was waiting
  kind TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('review','correction')),
  note TEXT                         -- the officer's reason for a correction
);
INSERT INTO "review_decisions" VALUES(1,'2026-03-05T00:00:00+00:00','doc-2','relink','lan',NULL,NULL,NULL,'001203004567',NULL,NULL,'correction','giấy khai sinh của con');
CREATE INDEX documents_citizen ON documents(citizen_id, received_at);
CREATE INDEX documents_source ON documents(source_sha256);
CREATE INDEX pages_document ON pages(document_id, number);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier, id);
CREATE INDEX dossier_events_at ON dossier_events(at);
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: rows are never changed'); END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: rows are never deleted'); END;
CREATE TRIGGER dossier_events_no_replace BEFORE INSERT ON dossier_events
WHEN EXISTS (SELECT 1 FROM dossier_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: rows are never replaced'); END;
CREATE TRIGGER dossier_events_open_once BEFORE INSERT ON dossier_events
WHEN NEW.kind = 'dossier_opened'
 AND EXISTS (SELECT 1 FROM dossier_events WHERE kind = 'dossier_opened' AND dossier = NEW.dossier)
BEGIN SELECT RAISE(ABORT, 'this dossier code is already registered'); END;
CREATE INDEX document_dates_document ON document_dates(document_id, id);
CREATE TRIGGER document_dates_no_update BEFORE UPDATE ON document_dates
BEGIN SELECT RAISE(ABORT, 'document_dates is append-only: rows are never changed'); END;
CREATE TRIGGER document_dates_no_delete BEFORE DELETE ON document_dates
BEGIN SELECT RAISE(ABORT, 'document_dates is append-only: rows are never deleted'); END;
CREATE TRIGGER document_dates_no_replace BEFORE INSERT ON document_dates
WHEN EXISTS (SELECT 1 FROM document_dates WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'document_dates is append-only: rows are never replaced'); END;
CREATE INDEX audit_log_citizen ON audit_log(citizen_id, id);
CREATE INDEX audit_log_officer_action ON audit_log(officer, action, id);
CREATE INDEX audit_log_channel_action ON audit_log(channel, action, id);
CREATE INDEX audit_seen_citizen ON audit_seen(citizen_id);
CREATE INDEX audit_seen_document ON audit_seen(document_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows are never changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows are never deleted'); END;
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows are never replaced'); END;
CREATE TRIGGER audit_seen_no_update BEFORE UPDATE ON audit_seen
BEGIN SELECT RAISE(ABORT, 'audit_seen is append-only: rows are never changed'); END;
CREATE TRIGGER audit_seen_no_delete BEFORE DELETE ON audit_seen
BEGIN SELECT RAISE(ABORT, 'audit_seen is append-only: rows are never deleted'); END;
CREATE TRIGGER audit_seen_no_replace BEFORE INSERT ON audit_seen
WHEN EXISTS (SELECT 1 FROM audit_seen WHERE audit_id = NEW.audit_id AND document_id = NEW.document_id)
BEGIN SELECT RAISE(ABORT, 'audit_seen is append-only: rows are never replaced'); END;
CREATE INDEX review_decisions_document ON review_decisions(document_id, id);
CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions
BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only: rows are never changed'); END;
CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only: rows are never deleted'); END;
CREATE TRIGGER review_decisions_no_replace BEFORE INSERT ON review_decisions
WHEN EXISTS (SELECT 1 FROM review_decisions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only: rows are never replaced'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('dossier_events',3);
INSERT INTO "sqlite_sequence" VALUES('audit_log',2);
INSERT INTO "sqlite_sequence" VALUES('document_dates',1);
INSERT INTO "sqlite_sequence" VALUES('review_decisions',1);
COMMIT;