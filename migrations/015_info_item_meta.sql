-- 015_info_item_meta.sql — item metadata an inspector looks for (docs/portal-conventions.md items 19, 22, 23):
-- (1) 主题分类: the standard subject classification of government information (the 22 主题 of the
--     国务院公文主题词表 as used by 中国政府网's 政策文件库), a list administrators maintain at
--     /admin/info/themes (add, rename, retire; audited). Items carry one (theme_code, '' = not
--     classified); a new item takes its category's default from info_theme_default unless the editor
--     chooses another. Existing items get their category's default here.
-- (2) replaced_by: the item that replaced a repealed or expired one (set by the editor with the validity;
--     the portal's repeal banner links to it). 0 = none.
CREATE TABLE info_theme (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	sort_order INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL DEFAULT 0,
	retired_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX info_theme_code ON info_theme(code);
CREATE UNIQUE INDEX info_theme_name ON info_theme(name) WHERE retired_at = 0;

INSERT INTO info_theme (sort_order, code, name) VALUES
	(1, '01', '国务院组织机构'),
	(2, '02', '综合政务'),
	(3, '03', '国民经济管理、国有资产监管'),
	(4, '04', '财政、金融、审计'),
	(5, '05', '国土资源、能源'),
	(6, '06', '农业、林业、水利'),
	(7, '07', '工业、交通'),
	(8, '08', '商贸、海关、旅游'),
	(9, '09', '市场监管、安全生产监管'),
	(10, '10', '城乡建设、环境保护'),
	(11, '11', '科技、教育'),
	(12, '12', '文化、广电、新闻出版'),
	(13, '13', '卫生、体育'),
	(14, '14', '人口与计划生育、妇女儿童工作'),
	(15, '15', '劳动、人事、监察'),
	(16, '16', '公安、安全、司法'),
	(17, '17', '民政、扶贫、救灾'),
	(18, '18', '民族、宗教'),
	(19, '19', '对外事务'),
	(20, '20', '港澳台侨工作'),
	(21, '21', '国防'),
	(22, '22', '其他');

-- The default 主题分类 of the catalogue's standard categories (by category code).
CREATE TABLE info_theme_default (
	category_code TEXT PRIMARY KEY,
	theme_code TEXT NOT NULL
);
INSERT INTO info_theme_default (category_code, theme_code) VALUES
	('C01', '02'), ('C02', '02'), ('C03', '03'), ('C04', '02'), ('C05', '04'), ('C06', '09'),
	('C07', '17'), ('C08', '17'), ('C09', '06'), ('C10', '02'), ('WZBB', '02'),
	('A01', '02'), ('A02', '02'), ('A03', '03'), ('A04', '03'), ('A05', '02'), ('A06', '16'),
	('A07', '04'), ('A08', '04'), ('A09', '04'), ('A10', '10'), ('A11', '17'), ('A12', '17'),
	('A13', '09'), ('A14', '15'), ('A15', '22'),
	('B01', '10'), ('B02', '02'), ('B03', '17'), ('B04', '05'), ('B05', '10'), ('B06', '16'),
	('B11', '06'), ('B12', '06'), ('B13', '06'), ('B14', '05'), ('B15', '06');

ALTER TABLE info_item ADD COLUMN theme_code TEXT NOT NULL DEFAULT '';
ALTER TABLE info_item ADD COLUMN replaced_by INTEGER NOT NULL DEFAULT 0;
CREATE INDEX info_item_theme ON info_item(agency_id, theme_code);

UPDATE info_item SET theme_code = coalesce((SELECT d.theme_code FROM info_category c
	JOIN info_theme_default d ON d.category_code = c.code WHERE c.id = info_item.category_id), '')
	WHERE theme_code = '';
