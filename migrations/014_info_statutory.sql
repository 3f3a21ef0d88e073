-- 014_info_statutory.sql — 法定主动公开内容 and the 基层政务公开标准目录.
-- (1) Files the seed-report categories of existing catalogues under the statutory categories of
-- 条例第二十条/第二十一条 by their legal basis (info_category.basis), as src/info/category.c now does
-- for new catalogues: the 法定主动公开内容 page (src/info/statutory.c) lists under each statutory
-- item the categories whose basis names it. Only categories whose basis is still empty are touched.
UPDATE info_category SET basis = '条例第二十条第（一）项' WHERE code = 'C01' AND basis = '';
UPDATE info_category SET basis = '条例第二十条第（三）项' WHERE code = 'C03' AND basis = '';
UPDATE info_category SET basis = '条例第二十条第（十五）项' WHERE code = 'C04' AND basis = '';
UPDATE info_category SET basis = '条例第二十条第（七）项' WHERE code = 'C05' AND basis = '';
UPDATE info_category SET basis = '条例第二十条第（十三）项' WHERE code = 'C06' AND basis = '';
UPDATE info_category SET basis = '条例第二十一条：社会救助' WHERE code = 'C07' AND basis IN ('', '条例第二十一条');
UPDATE info_category SET basis = '条例第二十条第（十一）项' WHERE code = 'C08' AND basis = '';
UPDATE info_category SET basis = '条例第二十一条：贯彻落实农业农村政策' WHERE code = 'C09' AND basis = '';
UPDATE info_category SET basis = '条例第二十条第（十五）项' WHERE code = 'C10' AND basis = '';

-- (2) The 基层政务公开标准目录 (国办发〔2019〕54号: 26 试点领域) for 乡镇/街道: one row per 领域 and 公开事项
-- with the columns of a real 目录 (公开内容, 依据, 时限, 主体, 渠道, 对象, 方式, 层级) and the catalogue
-- category code whose items it links to. Administrators edit it in /admin/info/standard.
CREATE TABLE info_standard_entry (
	id INTEGER PRIMARY KEY,
	domain TEXT NOT NULL,
	matter TEXT NOT NULL,
	content TEXT NOT NULL DEFAULT '',
	basis TEXT NOT NULL DEFAULT '',
	time_limit TEXT NOT NULL DEFAULT '自信息形成或者变更之日起20个工作日内',
	subject TEXT NOT NULL DEFAULT '街道办事处（乡镇人民政府）',
	channels TEXT NOT NULL DEFAULT '政府网站；公开查阅点；社区/村公示栏',
	audience TEXT NOT NULL DEFAULT '全社会' CHECK (audience IN ('全社会', '特定群体')),
	mode TEXT NOT NULL DEFAULT '主动' CHECK (mode IN ('主动', '依申请')),
	level TEXT NOT NULL DEFAULT '乡级',
	category_code TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0,
	retired_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX info_standard_entry_order ON info_standard_entry(retired_at, sort_order, id);

INSERT INTO info_standard_entry (sort_order, domain, matter, content, basis, category_code, audience) VALUES
	(1, '财政预决算', '部门预算、决算', '预算、决算报告及报表，“三公”经费说明', '《中华人民共和国预算法》第十四条', 'C05', '全社会'),
	(2, '安全生产', '安全生产监督检查', '检查计划、检查结果、隐患整改情况', '《中华人民共和国安全生产法》', 'C06', '全社会'),
	(3, '社会救助', '最低生活保障', '审批条件、程序、救助标准、保障对象名单（去标识化）', '《社会救助暂行办法》', 'C07', '全社会'),
	(4, '社会救助', '特困人员救助供养', '申请条件、程序、供养标准', '《社会救助暂行办法》', 'C07', '全社会'),
	(5, '社会救助', '临时救助', '申请条件、程序、救助标准', '《社会救助暂行办法》', 'C07', '全社会'),
	(6, '养老服务', '高龄津贴、养老服务补贴', '补贴政策、发放标准、发放情况', '《中华人民共和国老年人权益保障法》', 'C08', '全社会'),
	(7, '涉农补贴', '耕地地力保护补贴等惠农补贴', '补贴政策、标准、发放对象及金额（去标识化）', '《关于全面推进基层政务公开标准化规范化工作的指导意见》', 'C09', '全社会'),
	(8, '就业', '公益性岗位招聘', '岗位、条件、程序、结果', '《中华人民共和国就业促进法》', 'C10', '全社会'),
	(9, '城乡规划', '年度工作计划与规划', '发展规划、年度计划及执行情况', '条例第二十条第（三）项', 'C03', '全社会'),
	(10, '重大建设项目', '辖区建设项目', '批准服务、招标投标、征收土地、施工有关信息', '条例第二十条第（十）项', 'A10', '全社会'),
	(11, '征地补偿', '土地征收', '征收公告、补偿安置方案', '《中华人民共和国土地管理法》', 'B04', '特定群体'),
	(12, '国有土地上房屋征收与补偿', '房屋征收', '征收决定、补偿方案、补偿结果', '《国有土地上房屋征收与补偿条例》', 'B05', '特定群体'),
	(13, '公共文化服务', '公共文化活动', '服务项目、活动安排', '《中华人民共和国公共文化服务保障法》', '', '全社会'),
	(14, '户籍管理', '户籍业务代办', '办理依据、材料、流程', '《中华人民共和国户口登记条例》', '', '全社会'),
	(15, '救灾', '受灾人员救助', '救助政策、标准、发放情况', '《自然灾害救助条例》', 'A12', '全社会'),
	(16, '卫生健康', '基本公共卫生服务', '服务项目、机构、联系方式', '《基本医疗卫生与健康促进法》', '', '全社会'),
	(17, '社会保险', '城乡居民养老保险', '参保条件、缴费标准、办理流程', '《中华人民共和国社会保险法》', '', '全社会'),
	(18, '义务教育', '入学政策', '招生范围、时间、条件', '《中华人民共和国义务教育法》', '', '特定群体'),
	(19, '环境保护', '环境整治', '整治方案、检查结果', '《中华人民共和国环境保护法》', 'C01', '全社会'),
	(20, '城市综合执法', '综合行政执法', '执法依据、程序、结果', '条例第二十条第（六）项', 'A06', '全社会'),
	(21, '公共法律服务', '人民调解', '调解组织、联系方式、办理流程', '《中华人民共和国人民调解法》', '', '全社会'),
	(22, '农村集体经济', '集体资产、财务公开', '集体资产、收支、重大事项', '《村民委员会组织法》', '', '特定群体'),
	(23, '住房保障', '保障性住房', '申请条件、程序、分配结果', '《公共租赁住房管理办法》', '', '全社会'),
	(24, '会议信息', '街道重要会议', '会议议题、决定事项', '条例第二十条第（十五）项', 'C04', '全社会');


-- (3) The 政府网站年度工作报表 column (国办函〔2018〕12号: published by 31 January, shown on the home page):
-- catalogues that have the seed group "C" get the category WZBB unless they have one.
INSERT INTO info_category (agency_id, parent_id, code, name, basis, sort_order, created_at)
	SELECT g.agency_id, g.id, 'WZBB', '政府网站年度工作报表', '', 11, 0 FROM info_category g
	WHERE g.code = 'C' AND g.parent_id IS NULL
	AND NOT EXISTS (SELECT 1 FROM info_category x WHERE x.agency_id = g.agency_id AND x.code = 'WZBB');
