-- 030_annual.sql — the annual report derived from the records (src/annual/, docs/annual.md): the
-- register of 行政复议 / 行政诉讼 cases about disclosure work, the table-二 figures that come from other
-- systems (行政许可, 行政处罚, 行政强制, 行政事业性收费), the agency's own text of the report, and the
-- archive of reports (drafts, approved and published versions as frozen JSON snapshots, and reports of
-- years before adoption imported through the parser). Plus indexes that make the yearly aggregates
-- over application / application_event / info_item range scans (bench/report-build.sh).
-- Dates are ISO text 'YYYY-MM-DD'; times are Unix seconds.

-- kind: reconsideration 行政复议; litigation_direct 行政诉讼（未经复议直接起诉）; litigation_after
-- 行政诉讼（复议后起诉）. role: original = this agency is the 原行为主体; co_defendant = it is only a
-- co-defendant as 复议机关 (rule C2: such a case is not counted in this agency's table 四).
-- result: upheld 结果维持, corrected 结果纠正, other 其他结果, pending 尚未审结 (result_on '' while pending).
CREATE TABLE annual_case (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	kind TEXT NOT NULL CHECK (kind IN ('reconsideration', 'litigation_direct', 'litigation_after')),
	role TEXT NOT NULL DEFAULT 'original' CHECK (role IN ('original', 'co_defendant')),
	case_no TEXT NOT NULL DEFAULT '',
	filed_on TEXT NOT NULL,
	result TEXT NOT NULL DEFAULT 'pending' CHECK (result IN ('upheld', 'corrected', 'other', 'pending')),
	result_on TEXT NOT NULL DEFAULT '',
	application_id INTEGER REFERENCES application(id),
	notes TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL
);
CREATE INDEX annual_case_filed ON annual_case(agency_id, filed_on);
CREATE INDEX annual_case_result ON annual_case(agency_id, result_on);
CREATE INDEX annual_case_application ON annual_case(application_id);

-- Table 二 figures entered per year (第二十条第（五）（六）（八）项). fees_micro is 万元 × 10^6 (the
-- report's money scale), so "1.25" 万元 is stored exactly as 1250000. source: manual or csv.
CREATE TABLE annual_figures (
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	licensing INTEGER NOT NULL CHECK (licensing >= 0),
	punishment INTEGER NOT NULL CHECK (punishment >= 0),
	coercion INTEGER NOT NULL CHECK (coercion >= 0),
	fees_micro INTEGER NOT NULL CHECK (fees_micro >= 0),
	source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'csv')),
	entered_by INTEGER NOT NULL DEFAULT 0,
	entered_at INTEGER NOT NULL,
	PRIMARY KEY (agency_id, year)
);

-- The agency's own words: section 一's five headings (proactive 主动公开, requests 依申请公开,
-- management 政府信息管理, platform 平台建设, supervision 监督保障), section 五 (problems) and 六 (other).
CREATE TABLE annual_text (
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	section TEXT NOT NULL CHECK (section IN ('proactive', 'requests', 'management', 'platform', 'supervision',
		'problems', 'other')),
	body TEXT NOT NULL,
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (agency_id, year, section)
);

-- The archive. status: draft (editable, rebuilt from the records), approved (by a leader), published
-- (frozen: never changes), superseded (a published version replaced by a correction), imported (a
-- published report of a year before adoption, read by the parser). json is the canonical JSON
-- (src/report/report_json.h). A correction is a new version with a change_note.
CREATE TABLE annual_report (
	id INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agency(id),
	year INTEGER NOT NULL,
	version INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published', 'superseded', 'imported')),
	json TEXT NOT NULL,
	change_note TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	approved_by INTEGER NOT NULL DEFAULT 0,
	approved_at INTEGER NOT NULL DEFAULT 0,
	published_by INTEGER NOT NULL DEFAULT 0,
	published_at INTEGER NOT NULL DEFAULT 0,
	UNIQUE (agency_id, year, version)
);
CREATE INDEX annual_report_status ON annual_report(agency_id, status, year);

CREATE TRIGGER annual_report_frozen BEFORE UPDATE OF json, year, version, agency_id ON annual_report
WHEN old.status IN ('published', 'superseded', 'imported')
BEGIN
	SELECT RAISE(ABORT, 'a published annual report never changes');
END;

CREATE TRIGGER annual_report_no_delete BEFORE DELETE ON annual_report
WHEN old.status IN ('published', 'superseded', 'imported')
BEGIN
	SELECT RAISE(ABORT, 'a published annual report is never deleted');
END;

-- Covering indexes for the yearly aggregates (read-only use of the other modules' tables).
CREATE INDEX annual_application_year ON application(agency_id, concluded_on, submitted_on, applicant_type, outcome);
CREATE INDEX annual_event_fee ON application_event(type, day, application_id, seq, fee_yuan);
CREATE INDEX annual_item_published ON info_item(agency_id, published_on, status, withdrawn_on, category_id, late);
CREATE INDEX annual_item_documents ON info_item(agency_id, doc_type, published_on, status, withdrawn_on, validity,
	validity_on);
