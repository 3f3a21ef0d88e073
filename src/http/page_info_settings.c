/* page_info_settings.c — the back-office page of an agency's 主动公开 settings (info_settings: the
 * 索引号 pattern and its agency code, optional leader approval, the publication channel named in the
 * annual report and the agency's own part of the 公开指南). Administrators of the agency save them
 * (audited); everyone else of the agency reads them. Without it the 索引号 pattern could only be
 * changed in the database (docs/portal-conventions.md item 21). */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_meta.h"

static void settings_form(struct req *r, const struct info_settings *s, const struct outcome *out, bool admin)
{
	if (out && out->code != OUTCOME_OK)
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n",
			    out->message);
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/settings\">\n");
	layout_csrf_field(r);
	page_printf(
	    &r->page,
	    "<p><label for=\"index_pattern\">索引号规则</label>\n<span class=\"help\" id=\"index_pattern-help\">"
	    "占位符：{agency} 机构代码，{category} 类别代码，{year} 生成年度，{serial:N} N 位流水号（必须有且只有"
	    "一个）。修改后只影响新信息，已分配的索引号不变。</span>\n<input id=\"index_pattern\" "
	    "name=\"index_pattern\" value=\"%h\" required maxlength=\"120\" aria-describedby=\"index_pattern-help\"%h>"
	    "</p>\n<p><label for=\"agency_code\">机构代码（留空则用统一社会信用代码）</label>\n<input "
	    "id=\"agency_code\" name=\"agency_code\" value=\"%h\" maxlength=\"60\"%h></p>\n"
	    "<p><label class=\"check\"><input type=\"checkbox\" name=\"leader_approval\" value=\"1\"%h%h> "
	    "保密审查通过后须经领导审批才能发布</label></p>\n<p><label for=\"channel\">发布渠道（年报用语，留空为"
	    "“本机关门户网站”）</label>\n<input id=\"channel\" name=\"channel\" value=\"%h\" maxlength=\"120\"%h></p>\n"
	    "<p><label for=\"guide_extra\">公开指南补充内容（Markdown）</label>\n<textarea id=\"guide_extra\" "
	    "name=\"guide_extra\" rows=\"6\"%h>%h</textarea></p>\n",
	    s->index_pattern, admin ? "" : " readonly", s->agency_code, admin ? "" : " readonly",
	    s->leader_approval ? " checked" : "", admin ? "" : " disabled", s->channel, admin ? "" : " readonly",
	    admin ? "" : " readonly", s->guide_extra);
	if (admin)
		page_raw(&r->page, "<p><button type=\"submit\">保存设置</button></p>\n");
	page_raw(&r->page, "</form>\n");
}

static int settings_page(struct req *r, const struct info_settings *s, const struct outcome *out)
{
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"主动公开设置", NULL}};
	layout_begin(r, &(struct layout){.title = "主动公开设置",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	page_raw(&r->page,
		 "<p class=\"link-list\"><a href=\"/admin/info/themes\">主题分类</a> · <a "
		 "href=\"/admin/info/statutory\">空栏目说明</a> · <a href=\"/admin/info/wording\">错敏词表</a> · <a "
		 "href=\"/admin/info/standard\">基层政务公开标准目录</a></p>\n");
	settings_form(r, s, out, (r->user.roles & ROLE_ADMIN) != 0);
	layout_end(r);
	return out && out->code != OUTCOME_OK ? http_outcome_status(out->code) : 200;
}

int page_info_settings(struct req *r)
{
	struct info_settings s;
	if (info_settings_get(req_reader(r), r->user.agency_id, &s) < 0) {
		info_settings_free(&s);
		return req_error(r, 500, NULL);
	}
	int status = settings_page(r, &s, NULL);
	info_settings_free(&s);
	return status;
}

/* The posted form, over the saved settings (fields left out keep their value). */
static void read_form(struct req *r, struct info_settings *s)
{
	const char *v;
	if ((v = req_form(r, "index_pattern")))
		snprintf(s->index_pattern, sizeof s->index_pattern, "%s", v);
	if ((v = req_form(r, "agency_code")))
		snprintf(s->agency_code, sizeof s->agency_code, "%s", v);
	if ((v = req_form(r, "channel")))
		snprintf(s->channel, sizeof s->channel, "%s", v);
	if ((v = req_form(r, "guide_extra"))) {
		free(s->guide_extra);
		s->guide_extra = xstrdup(v);
	}
	v = req_form(r, "leader_approval");
	s->leader_approval = v && strcmp(v, "1") == 0;
}

struct settings_job {
	struct req *r;
	const struct info_settings *s;
};

static enum outcome_code settings_job(struct db *w, void *ctx, struct outcome *out)
{
	struct settings_job *j = ctx;
	struct actor actor = http_actor(j->r);
	return info_settings_save(w, &actor, j->s, req_now(j->r), out);
}

int page_info_settings_save(struct req *r)
{
	struct info_settings s;
	if (info_settings_get(req_reader(r), r->user.agency_id, &s) < 0) {
		info_settings_free(&s);
		return req_error(r, 500, NULL);
	}
	read_form(r, &s);
	struct outcome out;
	struct settings_job job = {r, &s};
	int status = store_write(r->app->store, settings_job, &job, &out) == OUTCOME_OK
			 ? req_redirect(r, "/admin/info/settings")
			 : settings_page(r, &s, &out); /* the form again with what was typed and the reason */
	info_settings_free(&s);
	return status;
}
