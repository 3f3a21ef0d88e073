/* page_info_statutory.c — the 法定主动公开内容 column (every item of 条例第二十条 and the local items of
 * 第二十一条, each with the catalogue columns filed under it and their item counts, or a statement of
 * why it is empty), and the 基层政务公开标准目录 of a 乡镇/街道 (国办发〔2019〕54号) with its back-office
 * maintenance. The data comes from src/info/statutory.c. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/agency.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_statutory.h"
#include "http/router.h"
#include "info/info_statutory.h"

static void member_links(struct req *r, const struct info_category *cats, size_t n, size_t s, int64_t *total)
{
	*total = 0;
	bool any = false;
	for (size_t c = 0; c < n; c++) {
		if (!info_statutory_member(cats, n, s, c) || cats[c].published == 0)
			continue;
		page_printf(&r->page, "%h<a href=\"/info?category=%lld\">%h</a>（%lld 条）", any ? "、" : "",
			    (long long)cats[c].id, cats[c].name, (long long)cats[c].published);
		*total += cats[c].published;
		any = true;
	}
}

/* 第二十一条 items of this agency that have no statutory category of their own (e.g. 社会救助 for a
 * 街道, whose default list lacks it): each category whose basis reads "条例第二十一条：<item>". */
static void other_local_items(struct req *r, const struct info_category *cats, size_t n)
{
	static const char prefix[] = "条例第二十一条：";
	for (size_t c = 0; c < n; c++) {
		if (strncmp(cats[c].basis, prefix, sizeof prefix - 1) != 0 || cats[c].published == 0)
			continue;
		bool filed = false;
		for (size_t s = 0; s < n && !filed; s++)
			filed = s != c && info_statutory_is(cats, n, s, NULL) && info_statutory_member(cats, n, s, c);
		if (!filed)
			page_printf(&r->page,
				    "<li><strong>%h</strong> <span class=\"muted\">条例第二十一条</span><br><a "
				    "href=\"/info?category=%lld\">%h</a>（%lld 条）</li>\n",
				    cats[c].basis + sizeof prefix - 1, (long long)cats[c].id, cats[c].name,
				    (long long)cats[c].published);
	}
}

static void statutory_list(struct req *r, const struct info_category *cats, size_t n, bool article21)
{
	page_raw(&r->page, "<ol class=\"statutory\">\n");
	for (size_t s = 0; s < n; s++) {
		bool art21 = false;
		if (!info_statutory_is(cats, n, s, &art21) || art21 != article21)
			continue;
		page_printf(&r->page, "<li id=\"s-%h\"><strong>%h</strong> <span class=\"muted\">%h</span><br>",
			    cats[s].code, cats[s].name, cats[s].basis);
		int64_t total;
		member_links(r, cats, n, s, &total);
		if (total == 0) {
			char *reason = info_statutory_reason(req_reader(r), cats[s].id, cats[s].code, NULL);
			page_printf(&r->page, "<span class=\"empty-note\">暂无信息：%h</span>",
				    reason ? reason : info_statutory_empty_reason(cats[s].code));
			free(reason);
		}
		page_raw(&r->page, "</li>\n");
	}
	if (article21)
		other_local_items(r, cats, n);
	page_raw(&r->page, "</ol>\n");
}

int page_info_statutory(struct req *r)
{
	const struct agency *site = layout_site(r);
	struct info_category *cats = NULL;
	size_t n = 0;
	if (site && info_category_list(req_reader(r), site->id, false, req_now(r), &cats, &n) < 0)
		return req_error(r, 500, NULL);
	struct crumb c = {"法定主动公开内容", NULL};
	layout_begin(r,
		     &(struct layout){.title = "法定主动公开内容",
				      .column = COLUMN_STATUTORY,
				      .column_type = "栏目页",
				      .description = "本机关依照《中华人民共和国政府信息公开条例》第二十条、第二十一条"
						     "主动公开的政府信息，按法定类别列出",
				      .keywords = "法定主动公开内容,政府信息公开,条例第二十条,条例第二十一条",
				      .crumbs = &c,
				      .crumb_count = 1});
	page_raw(&r->page, "<p>下列类别依照《中华人民共和国政府信息公开条例》第二十条、第二十一条设置。每一类别列出"
			   "归入该类别的信息栏目；暂无信息的类别说明原因。工作动态等其他主动公开信息见"
			   "<a href=\"/info\">政府信息公开目录</a>；基层政务公开事项见"
			   "<a href=\"/info/standard\">基层政务公开标准目录</a>。</p>\n"
			   "<h2>条例第二十条规定的主动公开内容</h2>\n");
	statutory_list(r, cats, n, false);
	page_raw(&r->page, "<h2>条例第二十一条规定的主动公开内容</h2>\n");
	statutory_list(r, cats, n, true);
	layout_end(r);
	free(cats);
	return 200;
}

/* The category of the site agency with this code ("C05"), or 0. */
static int64_t category_by_code(const struct info_category *cats, size_t n, const char *code)
{
	for (size_t i = 0; *code && i < n; i++)
		if (strcmp(cats[i].code, code) == 0)
			return cats[i].id;
	return 0;
}

static void standard_row(struct req *r, const struct info_standard_entry *e, int64_t category_id, bool admin)
{
	page_printf(&r->page, "<tr><td>%h</td><td>", e->domain);
	if (category_id)
		page_printf(&r->page, "<a href=\"/info?category=%lld\">%h</a>", (long long)category_id, e->matter);
	else
		page_printf(&r->page, "%h", e->matter);
	page_printf(&r->page,
		    "</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
		    "<td>%h</td>",
		    e->content, e->basis, e->time_limit, e->subject, e->channels, e->audience, e->mode, e->level);
	if (admin) {
		page_raw(&r->page, "<td><form method=\"post\" action=\"/admin/info/standard\">");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"op\" value=\"retire\"><input type=\"hidden\" name=\"id\" "
			    "value=\"%lld\"><button type=\"submit\" aria-label=\"停用“%h”\">停用</button></form></td>",
			    (long long)e->id, e->matter);
	}
	page_raw(&r->page, "</tr>\n");
}

static void standard_table(struct req *r, int64_t agency_id, bool admin)
{
	struct info_standard_entry *rows;
	size_t n;
	struct info_category *cats = NULL;
	size_t ncats = 0;
	if (info_standard_list(req_reader(r), &rows, &n) < 0)
		return;
	if (agency_id && info_category_list(req_reader(r), agency_id, false, req_now(r), &cats, &ncats) < 0)
		ncats = 0;
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table class=\"standard-table\">\n<thead><tr>"
		 "<th scope=\"col\">领域</th><th scope=\"col\">公开事项</th><th scope=\"col\">公开内容（要素）"
		 "</th><th scope=\"col\">公开依据</th><th scope=\"col\">公开时限</th><th scope=\"col\">公开主体"
		 "</th><th scope=\"col\">公开渠道和载体</th><th scope=\"col\">公开对象</th><th scope=\"col\">"
		 "公开方式</th><th scope=\"col\">公开层级</th>");
	if (admin)
		page_raw(&r->page, "<th scope=\"col\">操作</th>");
	page_raw(&r->page, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		standard_row(r, &rows[i], category_by_code(cats, ncats, rows[i].category_code), admin);
	page_raw(&r->page, "</tbody></table></div>\n");
	free(rows);
	free(cats);
}

int page_info_standard(struct req *r)
{
	const struct agency *site = layout_site(r);
	struct crumb c[] = {{"法定主动公开内容", "/info/statutory"}, {"基层政务公开标准目录", NULL}};
	layout_begin(r, &(struct layout){.title = "基层政务公开标准目录",
					 .column = COLUMN_STATUTORY,
					 .column_type = "栏目页",
					 .description = "依照国办发〔2019〕54号编制的乡镇（街道）政务公开标准目录",
					 .keywords = "基层政务公开,标准目录,乡镇,街道",
					 .crumbs = c,
					 .crumb_count = 2});
	page_raw(&r->page, "<p>依照《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》"
			   "（国办发〔2019〕54号）编制。公开事项链接到本站相应的信息栏目。</p>\n");
	standard_table(r, site ? site->id : 0, false);
	layout_end(r);
	return 200;
}

static void standard_add_form(struct req *r)
{
	page_raw(&r->page,
		 "<h2>新增事项</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/info/standard\">\n");
	layout_csrf_field(r);
	static const struct {
		const char *name, *label;
		bool required;
	} fields[] = {{"domain", "领域", true},
		      {"matter", "公开事项", true},
		      {"content", "公开内容（要素）", false},
		      {"basis", "公开依据", false},
		      {"time_limit", "公开时限", false},
		      {"subject", "公开主体", false},
		      {"channels", "公开渠道和载体", false},
		      {"level", "公开层级", false},
		      {"category_code", "对应栏目代码", false}};
	page_raw(&r->page, "<input type=\"hidden\" name=\"op\" value=\"add\">\n");
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		page_printf(&r->page, "<p><label for=\"std-%h\">%h</label>\n<input id=\"std-%h\" name=\"%h\"%h></p>\n",
			    fields[i].name, fields[i].label, fields[i].name, fields[i].name,
			    fields[i].required ? " required" : "");
	page_raw(&r->page,
		 "<p><label for=\"std-audience\">公开对象</label>\n<select id=\"std-audience\" name=\"audience\">"
		 "<option>全社会</option><option>特定群体</option></select></p>\n<p><label for=\"std-mode\">"
		 "公开方式</label>\n<select id=\"std-mode\" name=\"mode\"><option>主动</option><option>依申请"
		 "</option></select></p>\n<p><button type=\"submit\">加入目录</button></p>\n</form>\n");
}

int page_info_standard_admin(struct req *r)
{
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"基层政务公开标准目录", NULL}};
	layout_begin(r, &(struct layout){.title = "基层政务公开标准目录",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	bool admin = router_user_may(r, "POST", "/admin/info/standard");
	if (admin)
		standard_add_form(r);
	page_raw(&r->page, "<h2>目录</h2>\n");
	standard_table(r, r->user.agency_id, admin);
	layout_end(r);
	return 200;
}

static void copy_field(struct req *r, const char *name, char *dst, size_t size, const char *fallback)
{
	const char *v = req_form(r, name);
	snprintf(dst, size, "%s", v && *v ? v : fallback);
}

struct standard_job {
	struct req *r;
	const char *op;
	struct info_standard_entry *entry;
};

/* Saves the form's 标准目录 row, or retires one (op "retire"). */
static enum outcome_code standard_job(struct db *w, void *ctx, struct outcome *out)
{
	struct standard_job *j = ctx;
	struct actor actor = http_actor(j->r);
	if (j->op && strcmp(j->op, "retire") == 0)
		return info_standard_retire(w, &actor, req_positive(req_form(j->r, "id")), req_now(j->r), out);
	return info_standard_save(w, &actor, j->entry, req_now(j->r), out);
}

int page_info_standard_admin_save(struct req *r)
{
	struct info_standard_entry e = {0};
	copy_field(r, "domain", e.domain, sizeof e.domain, "");
	copy_field(r, "matter", e.matter, sizeof e.matter, "");
	copy_field(r, "content", e.content, sizeof e.content, "");
	copy_field(r, "basis", e.basis, sizeof e.basis, "");
	copy_field(r, "time_limit", e.time_limit, sizeof e.time_limit, "自信息形成或者变更之日起20个工作日内");
	copy_field(r, "subject", e.subject, sizeof e.subject, "街道办事处（乡镇人民政府）");
	copy_field(r, "channels", e.channels, sizeof e.channels, "政府网站；公开查阅点；社区/村公示栏");
	copy_field(r, "audience", e.audience, sizeof e.audience, "");
	copy_field(r, "mode", e.mode, sizeof e.mode, "");
	copy_field(r, "level", e.level, sizeof e.level, "乡级");
	copy_field(r, "category_code", e.category_code, sizeof e.category_code, "");
	e.sort_order = 1000;
	struct outcome out;
	struct standard_job job = {r, req_form(r, "op"), &e};
	if (store_write(r->app->store, standard_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, "/admin/info/standard");
}

/* ---- back office: why an empty statutory item is empty ---- */

static void reason_row(struct req *r, const struct info_category *c, int64_t total, bool admin)
{
	bool custom = false;
	char *reason = info_statutory_reason(req_reader(r), c->id, c->code, &custom);
	page_printf(&r->page, "<tr><td>%h %h<br><span class=\"muted\">%h</span></td><td>%lld</td><td>", c->code,
		    c->name, c->basis, (long long)total);
	if (admin) {
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/info/statutory\">");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><label for=\"reason-%lld\" "
			    "class=\"visually-hidden\">“%h”暂无信息的说明</label><textarea id=\"reason-%lld\" "
			    "name=\"reason\" rows=\"2\" maxlength=\"%d\">%h</textarea> <button type=\"submit\">保存说明"
			    "</button></form>%h",
			    (long long)c->id, (long long)c->id, c->name, (long long)c->id, INFO_EMPTY_REASON_MAX_CHARS,
			    reason ? reason : "", custom ? "" : "（标准说明）");
	} else
		page_printf(&r->page, "%h", reason ? reason : "");
	page_raw(&r->page, "</td></tr>\n");
	free(reason);
}

int page_info_statutory_admin(struct req *r)
{
	/* the portal's agency when it is the user's own or lies below it, else the user's own */
	const struct agency *site = layout_site(r);
	int64_t agency =
	    site && agency_within(req_reader(r), site->id, r->user.agency_id) == 1 ? site->id : r->user.agency_id;
	struct info_category *cats = NULL;
	size_t n = 0;
	if (info_category_list(req_reader(r), agency, false, req_now(r), &cats, &n) < 0)
		return req_error(r, 500, NULL);
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"法定主动公开内容", NULL}};
	layout_begin(r, &(struct layout){.title = "法定主动公开内容：空栏目说明",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	page_raw(&r->page,
		 "<p>条例第二十条、第二十一条规定的类别暂无信息时，公开页面“<a href=\"/info/statutory\">法定主动"
		 "公开内容</a>”显示下列说明，而不是空白栏目。说明由管理员填写；清空后恢复标准说明。</p>\n"
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">类别</th><th scope=\"col\">"
		 "信息数</th><th scope=\"col\">暂无信息时的说明</th></tr></thead>\n<tbody>\n");
	bool admin = (r->user.roles & ROLE_ADMIN) != 0;
	for (size_t s = 0; s < n; s++) {
		bool art21 = false;
		if (!info_statutory_is(cats, n, s, &art21))
			continue;
		int64_t total = 0;
		for (size_t c = 0; c < n; c++)
			if (info_statutory_member(cats, n, s, c))
				total += cats[c].published;
		reason_row(r, &cats[s], total, admin);
	}
	page_raw(&r->page, "</tbody></table></div>\n");
	free(cats);
	layout_end(r);
	return 200;
}

struct reason_job {
	struct req *r;
};

static enum outcome_code reason_job(struct db *w, void *ctx, struct outcome *out)
{
	struct reason_job *j = ctx;
	struct actor actor = http_actor(j->r);
	return info_statutory_set_reason(w, &actor, req_positive(req_form(j->r, "id")), req_form(j->r, "reason"),
					 req_now(j->r), out);
}

int page_info_statutory_admin_save(struct req *r)
{
	struct outcome out;
	struct reason_job job = {r};
	if (store_write(r->app->store, reason_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, "/admin/info/statutory");
}
