-- 050_agency_tree.sql — the agency tree as a 公开办 manages it (issue 10, src/domain/agency.h):
-- an agency may be external (not on the platform: its annual report is received as a published file,
-- not built from records) and may be retired (kept for its history and old reports, no longer listed
-- for new work or expected to publish).

ALTER TABLE agency ADD COLUMN external INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0, 1));
ALTER TABLE agency ADD COLUMN retired_at INTEGER; -- NULL: active; else the time it was retired
