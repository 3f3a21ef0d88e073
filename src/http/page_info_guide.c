/* page_info_guide.c — the 政府信息公开指南, generated from the agency's own data as 条例第十二条
 * requires: the classification (the live catalogue), the 编排体系 (the 索引号 pattern and the catalogue
 * fields), how to obtain information, the application channel, and the 政府信息公开工作机构's
 * name, address, office hours, phone, fax and e-mail; then the agency's own additions (Markdown set in
 * the back office, rendered safely). */
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_info.h"

static const struct crumb guide_crumb[] = {{"政府信息公开指南", NULL}};

static void guide_categories(struct req *r, const struct agency *site)
{
	struct info_category *cats = NULL;
	size_t n = 0;
	if (info_category_list(req_reader(r), site->id, false, req_now(r), &cats, &n) < 0 || n == 0) {
		page_raw(&r->page, "<p>本机关的信息分类正在编制中。</p>\n");
		free(cats);
		return;
	}
	page_raw(&r->page, "<ul class=\"guide-categories\">\n");
	for (size_t i = 0; i < n; i++) {
		if (cats[i].depth == 0 && i > 0)
			page_raw(&r->page, "</ul></li>\n");
		if (cats[i].depth == 0)
			page_printf(&r->page, "<li>%h<ul>\n", cats[i].name);
		else
			page_printf(&r->page, "<li>%h%h%h%h</li>\n", cats[i].name, *cats[i].basis ? "（" : "",
				    cats[i].basis, *cats[i].basis ? "）" : "");
	}
	page_raw(&r->page, "</ul></li>\n</ul>\n");
	free(cats);
}

static void contact_row(struct req *r, const char *label, const char *value)
{
	page_printf(&r->page, "<dt>%h</dt><dd>%h</dd>\n", label, *value ? value : "（未登记）");
}

static void guide_office(struct req *r, const struct agency *site)
{
	page_raw(&r->page, "<dl class=\"contact\">\n");
	contact_row(r, "机构名称", site->name);
	contact_row(r, "办公地址", site->address);
	contact_row(r, "邮政编码", site->postcode);
	contact_row(r, "办公时间", site->office_hours);
	contact_row(r, "联系电话", site->phone);
	contact_row(r, "传真号码", site->fax);
	contact_row(r, "电子邮箱", site->email);
	page_raw(&r->page, "</dl>\n");
}

static void guide_arrangement(struct req *r, const struct info_settings *s)
{
	page_printf(
	    &r->page,
	    "<p>政府信息按上列类别编排。每条信息载明索引号、名称、内容概述、生成日期、文号、发布机构、"
	    "发布日期、公开属性、主题分类和有效性。索引号按“%h”编制（{agency} 为机构代码，{category} 为类别代码，"
	    "{year} 为信息生成年度，{serial} 为年度流水号），一经分配不再重复使用。</p>\n",
	    s->index_pattern);
}

int page_info_guide(struct req *r)
{
	const struct agency *site = layout_site(r);
	if (!site)
		return req_error(r, 503, "本站尚未设置机关信息。");
	struct info_settings s;
	if (info_settings_get(req_reader(r), site->id, &s) < 0) {
		info_settings_free(&s);
		return req_error(r, 500, NULL);
	}
	layout_begin(r,
		     &(struct layout){
			 .title = "政府信息公开指南", .column = COLUMN_GUIDE, .crumbs = guide_crumb, .crumb_count = 1});
	page_printf(&r->page,
		    "<p>为便于公民、法人和其他组织获取%h的政府信息，根据《中华人民共和国政府信息公开条例》"
		    "第十二条编制本指南，并随信息分类和联系方式的变化及时更新。</p>\n",
		    site->name);
	page_raw(&r->page, "<h2>一、主动公开</h2>\n<h3>（一）公开范围和分类</h3>\n");
	guide_categories(r, site);
	page_raw(&r->page, "<h3>（二）编排体系</h3>\n");
	guide_arrangement(r, &s);
	page_printf(&r->page,
		    "<h3>（三）获取方式</h3>\n<p>主动公开的政府信息通过%h的<a href=\"/info\">政府信息公开目录</a>"
		    "发布，可按类别、年度、文件类型浏览，可按标题、文号和正文检索，也可通过"
		    "<a href=\"/info/feed\">订阅（Atom）</a>获取更新。</p>\n"
		    "<h3>（四）公开时限</h3>\n<p>属于主动公开范围的政府信息，自该信息形成或者变更之日起"
		    "20个工作日内予以公开（《条例》第二十六条）。</p>\n",
		    *s.channel ? s.channel : "本网站");
	page_raw(&r->page,
		 "<h2>二、依申请公开</h2>\n<p>公民、法人或者其他组织可以通过<a href=\"/apply/new\">在线申请</a>、"
		 "信函、当面提交等方式向本机关申请获取政府信息（《条例》第二十七条至第二十九条）。"
		 "受理机构和联系方式：</p>\n");
	guide_office(r, site);
	page_raw(
	    &r->page,
	    "<h2>三、监督和救济</h2>\n<p>认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关"
	    "或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。"
	    "</p>\n");
	if (*s.guide_extra) {
		char *html = info_markdown_html(s.guide_extra);
		page_raw(&r->page, "<h2>四、其他事项</h2>\n");
		page_trusted_html(&r->page, html); /* cmark with CMARK_OPT_SAFE */
		free(html);
	}
	layout_end(r);
	info_settings_free(&s);
	return 200;
}
