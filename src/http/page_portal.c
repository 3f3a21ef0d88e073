/* page_portal.c — the public portal pages: 首页 and the 政府信息公开 columns (指南, 目录, 依申请公开,
 * 年报, 制度), 网站地图, 联系我们, the 长者模式 switch and robots.txt.
 *
 * The columns that later work fills with records (目录, 年报, 依申请公开 online) are real pages now:
 * each says plainly what is available today and how to obtain information through the statutory
 * channels (by letter, in person), using the agency's own contact data. */
#include <stddef.h>
#include <string.h>

#include "http/handlers.h"
#include "http/layout.h"
#include "http/page_home.h"

/* The 政府信息公开工作机构's contact data as a definition list (only configured items). */
static void contact_block(struct req *r)
{
	const struct agency *a = layout_site(r);
	page_raw(&r->page, "<dl class=\"contact\">\n");
	page_printf(&r->page, "<dt>机关名称</dt><dd>%h</dd>\n", layout_site_name(r));
	if (!a) {
		page_raw(&r->page, "<dt>说明</dt><dd>本站尚未登记机关的联系方式。</dd>\n</dl>\n");
		return;
	}
	static const struct {
		const char *label;
		size_t offset;
	} fields[] = {
	    {"办公地址", offsetof(struct agency, address)},
	    {"邮政编码", offsetof(struct agency, postcode)},
	    {"办公时间", offsetof(struct agency, office_hours)},
	    {"联系电话", offsetof(struct agency, phone)},
	    {"传真", offsetof(struct agency, fax)},
	    {"电子邮箱", offsetof(struct agency, email)},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = (const char *)a + fields[i].offset;
		if (*v)
			page_printf(&r->page, "<dt>%h</dt><dd>%h</dd>\n", fields[i].label, v);
	}
	page_raw(&r->page, "</dl>\n");
}

/* The statutory ways of applying (条例第二十九条), with this agency's address. */
static void apply_channels(struct req *r)
{
	const struct agency *a = layout_site(r);
	page_raw(&r->page, "<ol class=\"steps\">\n"
			   "<li><strong>信件申请：</strong>填写《政府信息公开申请表》（或自行写明下列内容），邮寄至");
	if (a && a->address[0])
		page_printf(&r->page, "%h（邮编 %h）", a->address, a->postcode[0] ? a->postcode : "—");
	else
		page_raw(&r->page, "本机关政府信息公开工作机构");
	page_raw(&r->page, "，请在信封左下角注明“政府信息公开申请”。</li>\n"
			   "<li><strong>当面申请：</strong>在办公时间到上述地址当面提交书面申请；"
			   "采用书面形式确有困难的，可以口头提出，由工作人员代为填写申请。</li>\n"
			   "<li><strong>网上申请：</strong>通过本平台的<a href=\"/apply/new\">在线申请表</a>提交；"
			   "提交后会得到申请编号和查询码，凭此在<a href=\"/apply/query\">申请查询</a>中查看办理进度。"
			   "网上申请以双方确认之日为收到申请之日（条例第三十一条）。</li>\n</ol>\n"
			   "<p>申请内容应当包括（条例第二十九条）：</p>\n<ul>\n"
			   "<li>申请人的姓名或者名称、身份证明、联系方式；</li>\n"
			   "<li>申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；</li>\n"
			   "<li>申请公开的政府信息的形式要求，包括获取信息的方式、途径。</li>\n</ul>\n");
}

int page_home(struct req *r)
{
	layout_begin(r, &(struct layout){.title = "首页", .column = COLUMN_HOME, .column_type = "首页", .no_h1 = true});
	page_printf(&r->page, "<h1>%h政府信息公开</h1>\n", layout_site_name(r));
	page_raw(
	    &r->page,
	    "<p class=\"lead\">本栏目依据《中华人民共和国政府信息公开条例》设立，集中发布本机关主动公开的政府信息，"
	    "并受理政府信息公开申请。</p>\n");
	page_home_search(r); /* page_home.c: search box, newest items per column, latest annual report */
	page_home_latest(r);
	page_home_annual(r);
	page_home_site_report(r);
	page_raw(
	    &r->page,
	    "<section class=\"cards\" aria-labelledby=\"columns-title\">\n"
	    "<h2 id=\"columns-title\">政府信息公开栏目</h2>\n<ul class=\"card-list\">\n"
	    "<li><a "
	    "href=\"/info/guide\"><strong>政府信息公开指南</strong><span>公开的范围、方式、受理机构和申请办法</span></"
	    "a></li>\n"
	    "<li><a href=\"/info/statutory\"><strong>法定主动公开内容</strong><span>条例第二十条、第二十一条规定的"
	    "主动公开信息</span></a></li>\n"
	    "<li><a href=\"/info\"><strong>政府信息公开目录</strong><span>法定主动公开内容的分类目录</span></a></li>\n"
	    "<li><a href=\"/apply\"><strong>依申请公开</strong><span>申请渠道、申请内容与答复期限</span></a></li>\n"
	    "<li><a "
	    "href=\"/annual\"><strong>政府信息公开年报</strong><span>每年1月31日前发布的上一年度工作报告</span></a></"
	    "li>\n"
	    "<li><a href=\"/rules\"><strong>政府信息公开制度</strong><span>条例及本机关的工作制度</span></a></li>\n"
	    "</ul>\n</section>\n"
	    "<section aria-labelledby=\"contact-title\">\n<h2 id=\"contact-title\">政府信息公开工作机构</h2>\n");
	contact_block(r);
	page_raw(&r->page, "</section>\n");
	layout_end(r);
	return 200;
}

/* The 指南 and 目录 are generated from the records by the 主动公开 pages (page_info_guide.c,
 * page_info_portal.c); these addresses stay valid as permanent redirects. */
int page_guide(struct req *r)
{
	return req_redirect_permanent(r, "/info/guide");
}

int page_catalog(struct req *r)
{
	return req_redirect_permanent(r, "/info");
}

int page_apply(struct req *r)
{
	struct crumb c = {"依申请公开", NULL};
	layout_begin(r,
		     &(struct layout){.title = "依申请公开", .column = COLUMN_APPLY, .crumbs = &c, .crumb_count = 1});
	page_raw(&r->page, "<p>公民、法人或者其他组织可以向本机关申请获取相关政府信息。</p>\n<h2>申请渠道</h2>\n");
	apply_channels(r);
	page_raw(&r->page, "<h2>受理机构</h2>\n");
	contact_block(r);
	page_raw(&r->page,
		 "<h2>答复期限</h2>\n<p>自收到申请之日起20个工作日内答复；经负责人同意可延长，延长期限最长不超过"
		 "20个工作日。详见<a href=\"/info/guide\">政府信息公开指南</a>。</p>\n");
	layout_end(r);
	return 200;
}

int page_rules(struct req *r)
{
	struct crumb c = {"政府信息公开制度", NULL};
	layout_begin(
	    r, &(struct layout){.title = "政府信息公开制度", .column = COLUMN_RULES, .crumbs = &c, .crumb_count = 1});
	page_raw(
	    &r->page,
	    "<ul class=\"link-list\">\n"
	    "<li>"
	    "《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布，2019年4月3日国务院令第711号修订）</"
	    "li>\n"
	    "<li>《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）</li>\n"
	    "<li>《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）</li>\n"
	    "</ul>\n<p>本机关制定的政府信息公开工作制度（保密审查、发布审核、依申请公开办理等）将在本栏目公布。</p>\n");
	layout_end(r);
	return 200;
}

int page_sitemap(struct req *r)
{
	struct crumb c = {"网站地图", NULL};
	layout_begin(r, &(struct layout){.title = "网站地图", .crumbs = &c, .crumb_count = 1});
	page_raw(&r->page, "<ul class=\"sitemap\">\n<li><a href=\"/\">首页</a></li>\n"
			   "<li>政府信息公开<ul>\n"
			   "<li><a href=\"/info/guide\">政府信息公开指南</a></li>\n"
			   "<li><a href=\"/info/statutory\">法定主动公开内容</a><ul>\n"
			   "<li><a href=\"/info/standard\">基层政务公开标准目录</a></li></ul></li>\n"
			   "<li><a href=\"/info\">政府信息公开目录</a></li>\n"
			   "<li><a href=\"/apply\">依申请公开</a></li>\n"
			   "<li><a href=\"/annual\">政府信息公开年报</a></li>\n"
			   "<li><a href=\"/rules\">政府信息公开制度</a></li>\n</ul></li>\n"
			   "<li><a href=\"/contact\">联系我们</a></li>\n"
			   "<li><a href=\"/login\">工作人员登录</a></li>\n</ul>\n");
	layout_end(r);
	return 200;
}

int page_contact(struct req *r)
{
	struct crumb c = {"联系我们", NULL};
	layout_begin(r, &(struct layout){.title = "联系我们", .crumbs = &c, .crumb_count = 1});
	contact_block(r);
	layout_end(r);
	return 200;
}

/* GET /elder?on=1|0&back=/path — switches 长者模式 with a plain link (no JavaScript) and returns to
 * the page the visitor came from. The choice is kept for a year in the gk_elder cookie. */
int page_elder(struct req *r)
{
	const char *on = req_query(r, "on");
	if (on && strcmp(on, "1") == 0)
		req_set_cookie(r, "gk_elder", "1", 365L * 24 * 3600);
	else
		req_set_cookie(r, "gk_elder", "", 0);
	return req_redirect(r, req_query(r, "back"));
}

int page_robots(struct req *r)
{
	r->content_type = "text/plain; charset=utf-8";
	page_raw(&r->page, "User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /login\n");
	return 200;
}

/* GET /assets/<name>.<hash>.<ext> — embedded static files, cacheable for a year. */
int page_asset(struct req *r)
{
	const struct asset *a = assets_by_url(&r->app->assets, r->path);
	if (!a)
		return req_error(r, 404, NULL);
	r->content_type = a->content_type;
	r->static_body = a->data;
	r->static_len = a->size;
	req_add_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	req_add_header(r, "ETag", a->etag);
	return 200;
}
