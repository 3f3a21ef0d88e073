-- 013_info_wording.sql — the publishing safeguard against 严重表述错误 (国办秘函〔2019〕19号 单项否决:
-- "出现严重表述错误", e.g. a leader's name misspelled). info_wording is the maintained list the 错敏
-- check (src/info/wording_check.c) reads: wrong forms of leaders' names and official terms with the
-- right form, and forbidden expressions with the expression to use. Administrators add and retire
-- entries in the back office (/admin/info/wording); this migration seeds the common cases.
-- info_wording_override records a reviewer's decision that the hits in one version of an item (title
-- and body, identified by a digest) are not errors, with the reason; publication is refused on a hit
-- unless such a decision exists for the text being published.

CREATE TABLE info_wording (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('misspelling', 'forbidden')),
	wrong TEXT NOT NULL,
	correct TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL DEFAULT 0,
	retired_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX info_wording_wrong ON info_wording(wrong) WHERE retired_at = 0;

CREATE TABLE info_wording_override (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL REFERENCES info_item(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	digest TEXT NOT NULL,
	reason TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX info_wording_override_item ON info_wording_override(item_id, digest);

-- Leaders' names (党和国家领导人) and their common misspellings (homophones and look-alikes).
INSERT INTO info_wording (kind, wrong, correct, note) VALUES
	('misspelling', '习近凭', '习近平', '领导人姓名'),
	('misspelling', '习进平', '习近平', '领导人姓名'),
	('misspelling', '习近萍', '习近平', '领导人姓名'),
	('misspelling', '习金平', '习近平', '领导人姓名'),
	('misspelling', '习近苹', '习近平', '领导人姓名'),
	('misspelling', '李墙', '李强', '领导人姓名'),
	('misspelling', '赵乐继', '赵乐际', '领导人姓名'),
	('misspelling', '赵乐济', '赵乐际', '领导人姓名'),
	('misspelling', '赵东际', '赵乐际', '领导人姓名'),
	('misspelling', '王沪凝', '王沪宁', '领导人姓名'),
	('misspelling', '王户宁', '王沪宁', '领导人姓名'),
	('misspelling', '王护宁', '王沪宁', '领导人姓名'),
	('misspelling', '蔡琦', '蔡奇', '领导人姓名'),
	('misspelling', '丁雪祥', '丁薛祥', '领导人姓名'),
	('misspelling', '丁薛翔', '丁薛祥', '领导人姓名'),
	('misspelling', '李熙同志', '李希同志', '领导人姓名'),
	('misspelling', '韩政', '韩正', '领导人姓名');

-- Official terms (规范表述) and their common misspellings.
INSERT INTO info_wording (kind, wrong, correct, note) VALUES
	('misspelling', '中华人名共和国', '中华人民共和国', '国名'),
	('misspelling', '中国共产觉', '中国共产党', '党的名称'),
	('misspelling', '社会注意', '社会主义', '规范表述'),
	('misspelling', '核心价值关', '核心价值观', '规范表述'),
	('misspelling', '新时代中国特色社会主意', '新时代中国特色社会主义', '规范表述'),
	('misspelling', '两个确力', '两个确立', '规范表述'),
	('misspelling', '两个维户', '两个维护', '规范表述'),
	('misspelling', '四个意志', '四个意识', '规范表述'),
	('misspelling', '四个自性', '四个自信', '规范表述'),
	('misspelling', '党中共', '党中央', '规范表述'),
	('misspelling', '人民代表大全', '人民代表大会', '规范表述'),
	('misspelling', '政治协商会意', '政治协商会议', '规范表述'),
	('misspelling', '依法只国', '依法治国', '规范表述'),
	('misspelling', '从严只党', '从严治党', '规范表述'),
	('misspelling', '党风廉证', '党风廉政', '规范表述'),
	('misspelling', '政府信息公开条列', '政府信息公开条例', '规范表述');

-- Forbidden expressions (禁用表述) and what to write instead.
INSERT INTO info_wording (kind, wrong, correct, note) VALUES
	('forbidden', '台湾政府', '台湾地区有关方面', '涉台表述'),
	('forbidden', '台湾总统', '台湾地区领导人', '涉台表述'),
	('forbidden', '中华民国', '台湾地区（历史表述须加引号并说明）', '涉台表述'),
	('forbidden', '台湾国', '台湾地区', '涉台表述'),
	('forbidden', '港澳台国家', '国家和地区', '港澳台不是国家'),
	('forbidden', '北朝鲜', '朝鲜', '国名'),
	('forbidden', '南朝鲜', '韩国', '国名'),
	('forbidden', '满清', '清朝', '民族表述');
