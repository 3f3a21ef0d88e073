/* routes.c — the route table: the one place to read what the site offers and who may use it.
 * The dispatcher (router.c) enforces each row's flags before calling its handler. GET rows also
 * answer HEAD. Paths are exact unless ROUTE_PREFIX. */
#include "http/acting.h"
#include "http/handlers.h"
#include "http/page_aggregate.h"
#include "http/page_annual.h"
#include "http/page_apply.h"
#include "http/page_calendar.h"
#include "http/page_info.h"
#include "http/page_info_attach.h"
#include "http/page_info_check.h"
#include "http/page_info_meta.h"
#include "http/page_info_statutory.h"
#include "http/page_supervision.h"
#include "http/page_supervise.h"
#include "http/router.h"

#define PUBLIC_PAGE (ROUTE_PUBLIC | ROUTE_READONLY)
#define STAFF_PAGE  (ROUTE_STAFF | ROUTE_READONLY)
#define STAFF_FORM  (ROUTE_STAFF | ROUTE_POST | ROUTE_WRITE)

const struct route routes[] = {
    /* public portal */
    {"GET", "/", PUBLIC_PAGE, 0, page_home, "o oooooo oooooo oooooo"},
    {"GET", "/guide", PUBLIC_PAGE, 0, page_guide, "o oooooo oooooo oooooo"},
    {"GET", "/catalog", PUBLIC_PAGE, 0, page_catalog, "o oooooo oooooo oooooo"},
    {"GET", "/apply", PUBLIC_PAGE, 0, page_apply, "o oooooo oooooo oooooo"},
    {"GET", "/annual", PUBLIC_PAGE, 0, page_annual_index, "o oooooo oooooo oooooo"},
    {"GET", "/rules", PUBLIC_PAGE, 0, page_rules, "o oooooo oooooo oooooo"},
    {"GET", "/sitemap", PUBLIC_PAGE, 0, page_sitemap, "o oooooo oooooo oooooo"},
    {"GET", "/contact", PUBLIC_PAGE, 0, page_contact, "o oooooo oooooo oooooo"},
    {"GET", "/elder", PUBLIC_PAGE, 0, page_elder, "o oooooo oooooo oooooo"},
    {"GET", "/robots.txt", PUBLIC_PAGE, 0, page_robots, "o oooooo oooooo oooooo"},
    {"GET", "/assets/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_asset, "N NNNNNN NNNNNN NNNNNN"},

    /* login and own account */
    {"GET", "/login", PUBLIC_PAGE, 0, page_login_form, "o oooooo oooooo oooooo"},
    {"POST", "/login", ROUTE_PUBLIC | ROUTE_POST | ROUTE_WRITE, 0, page_login_submit, "o oooooo oooooo oooooo"},
    {"POST", "/logout", STAFF_FORM, 0, page_logout, "F LLLLLL LLLLLL LLLLLL"},
    {"GET", "/account/password", STAFF_PAGE, 0, page_password_form, "L oooooo oooooo oooooo"},
    {"POST", "/account/password", STAFF_FORM, 0, page_password_submit, "F oooooo oooooo oooooo"},

    /* back office */
    {"GET", "/admin", STAFF_PAGE, 0, page_admin_home, "L oooooo oooooo oooooo"},
    {"GET", "/admin/users", STAFF_PAGE, ROLE_ADMIN, page_admin_users, "L oFFFFF oFFFFF oFFFFF"},
    {"POST", "/admin/users", STAFF_FORM, ROLE_ADMIN, page_admin_user_add, "F oFFFFF oFFFFF oFFFFF"},
    {"POST", "/admin/users/disable", STAFF_FORM, ROLE_ADMIN, page_admin_user_disable, "F oFFFFF oFFFFF oFFFFF"},
    {"GET", "/admin/tokens", STAFF_PAGE, 0, page_tokens, "L oooooo oooooo oooooo"},
    {"POST", "/admin/tokens", STAFF_FORM, 0, page_tokens_create, "F oooooo oooooo oooooo"},
    {"POST", "/admin/tokens/revoke", STAFF_FORM, 0, page_tokens_revoke, "F ooNNNN oNNNNN oNNNNN"},
    {"GET", "/admin/agencies", STAFF_PAGE, ROLE_ADMIN, page_admin_agencies, "L oFFFFF oFFFFF oFFFFF"},
    {"POST", "/admin/agencies", STAFF_FORM, ROLE_ADMIN, page_admin_agency_add, "F oFFFFF FFFFFF oFFFFF"},
    {"GET", "/admin/agencies/edit", STAFF_PAGE, ROLE_ADMIN, page_admin_agency_edit_form, "L oFFFFF NFFFFF oFFFFF"},
    {"POST", "/admin/agencies/edit", STAFF_FORM, ROLE_ADMIN, page_admin_agency_edit, "F oFFFFF FFFFFF oFFFFF"},

    /* JSON API (docs/api.md) */
    {"GET", "/api/v1/health", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY, 0, api_health, "o oooooo oooooo oooooo"},
    {"GET", "/api/v1/me", ROUTE_STAFF | ROUTE_API | ROUTE_READONLY, 0, api_me, "U oooooo oooooo oooooo"},

    /* application routes (依申请公开, src/http/page_apply.h) */
    {"GET", "/apply/new", PUBLIC_PAGE, 0, page_apply_form, "o oooooo oooooo oooooo"},
    {"POST", "/apply/new", ROUTE_PUBLIC | ROUTE_POST | ROUTE_WRITE | ROUTE_UPLOAD, 0, page_apply_submit,
     "o oooooo oooooo oooooo"},
    {"GET", "/apply/query", PUBLIC_PAGE, 0, page_apply_query_form, "o oooooo oooooo oooooo"},
    {"POST", "/apply/query", ROUTE_PUBLIC | ROUTE_POST | ROUTE_READONLY, 0, page_apply_query, "N NNNNNN NNNNNN NNNNNN"},
    {"GET", "/admin/applications", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, page_apply_list,
     "L FFFooo FFFooo FFFooo"},
    {"GET", "/admin/applications/intake", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER, page_apply_intake_form,
     "L FFFooF FFFooF FFFooF"},
    {"POST", "/admin/applications/intake", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_intake,
     "F FFFooF FFFooF FFFooF"},
    {"GET", "/admin/applications/view", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, page_apply_view,
     "L FFFooo FFFFFF FFFFFo"},
    {"POST", "/admin/applications/event", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_event,
     "F FFFooF FFFFFF FFFFFF"},
    {"POST", "/admin/applications/reveal", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_reveal,
     "F FFFooF FFFFFF FFFFFF"},
    {"POST", "/admin/applications/assign", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_assign,
     "F FFFooF FFFFFF FFFFFF"},
    {"GET", "/admin/applications/letter", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER, page_apply_letter,
     "L FFFooF FFFFFF FFFFFF"},
    {"POST", "/admin/applications/letter", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_letter_save,
     "F FFFooF FFFFFF FFFFFF"},
    {"GET", "/admin/applications/letter.pdf", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER, page_apply_letter_pdf,
     "L FFFooF FFFFFF FFFFFF"},
    {"GET", "/admin/applications/file", ROUTE_STAFF | ROUTE_WRITE, ROLE_HANDLER | ROLE_LEADER, page_apply_file,
     "L FFFooF FFFNNF FFFNNF"},
    {"POST", "/admin/applications/propose", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_propose,
     "F FFFooF FFFFFF FFFFFF"},
    {"GET", "/admin/applications/proposals", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_EDITOR, page_apply_proposals,
     "L FoFooF FoFooF FoFooF"},
    {"POST", "/admin/applications/proposals/draft", STAFF_FORM, ROLE_EDITOR, page_apply_proposal_draft,
     "F FoFFFF FNFFFF FNFFFF"},
    {"POST", "/apply/query/letter", ROUTE_PUBLIC | ROUTE_POST | ROUTE_READONLY, 0, page_apply_query_letter,
     "N NNNNNN NNNNNN NNNNNN"},
    {"POST", "/apply/query/correction", ROUTE_PUBLIC | ROUTE_POST | ROUTE_WRITE | ROUTE_UPLOAD, 0,
     page_apply_query_correction, "o oooooo oooooo oooooo"},
    {"GET", "/apply/query/resend", PUBLIC_PAGE, 0, page_apply_resend_form, "o oooooo oooooo oooooo"},
    {"POST", "/apply/query/resend", ROUTE_PUBLIC | ROUTE_POST | ROUTE_WRITE, 0, page_apply_resend,
     "o oooooo oooooo oooooo"},
    {"POST", "/api/v1/applications", ROUTE_PUBLIC | ROUTE_API | ROUTE_WRITE, 0, api_apply_create,
     "o oooooo oooooo oooooo"},
    {"GET", "/api/v1/applications/", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, 0, api_apply_get,
     "N NNNooN NNNNNN NNNNNN"},
    {"GET", "/api/v1/applications", ROUTE_STAFF | ROUTE_API | ROUTE_READONLY,
     ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, api_apply_list, "U FFFooo FFFooo FFFooo"},
    /* {no}/events needs a handler's or leader's token, checked by the handler exactly as ROUTE_STAFF with
     * those roles would (the spec below is observed on /events); {no}/correction is the applicant's
     * online 补正, authorized by the query code */
    {"POST", "/api/v1/applications/", ROUTE_PUBLIC | ROUTE_API | ROUTE_WRITE | ROUTE_PREFIX, 0, api_apply_post,
     "U FFFooF FFFFFF FFFFFF"},

    /* 主动公开 routes (src/http/page_info.h, docs/info.md) */
    {"GET", "/info", PUBLIC_PAGE, 0, page_info_catalog, "o oooooo oooooo oooooo"},
    {"GET", "/info/item/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_info_item, "o oooooo oooooo oooooo"},
    {"GET", "/info/guide", PUBLIC_PAGE, 0, page_info_guide, "o oooooo oooooo oooooo"},
    {"GET", "/info/statutory", PUBLIC_PAGE, 0, page_info_statutory, "o oooooo oooooo oooooo"},
    {"GET", "/info/standard", PUBLIC_PAGE, 0, page_info_standard, "o oooooo oooooo oooooo"},
    {"GET", "/admin/info/standard", STAFF_PAGE, 0, page_info_standard_admin, "L oooooo oooooo oooooo"},
    {"POST", "/admin/info/standard", STAFF_FORM | ROUTE_SITE, ROLE_ADMIN, page_info_standard_admin_save,
     "F oFFFFF FFFFFF oFFFFF"},
    {"GET", "/admin/info/statutory", STAFF_PAGE, 0, page_info_statutory_admin, "L oooooo oooooo oooooo"},
    {"POST", "/admin/info/statutory", STAFF_FORM, ROLE_ADMIN, page_info_statutory_admin_save, "F oFFFFF NFFFFF oFFFFF"},
    {"GET", "/admin/info/settings", STAFF_PAGE, 0, page_info_settings, "L oooooo oooooo oooooo"},
    {"POST", "/admin/info/settings", STAFF_FORM, ROLE_ADMIN, page_info_settings_save, "F oFFFFF oFFFFF oFFFFF"},
    {"GET", "/admin/info/themes", STAFF_PAGE, 0, page_info_themes, "L oooooo oooooo oooooo"},
    {"POST", "/admin/info/themes", STAFF_FORM | ROUTE_SITE, ROLE_ADMIN, page_info_themes_save,
     "F oFFFFF FFFFFF oFFFFF"},
    {"POST", "/admin/info/meta", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER, page_info_meta_save, "F FoFFFF FNFFFF FNFFFF"},
    {"GET", "/info/feed", PUBLIC_PAGE, 0, page_info_feed, "o oooooo oooooo oooooo"},
    {"GET", "/sitemap.xml", PUBLIC_PAGE, 0, page_info_sitemap_xml, "o oooooo oooooo oooooo"},
    {"GET", "/admin/info", STAFF_PAGE, 0, page_info_admin_list, "L oooooo oooooo oooooo"},
    {"GET", "/admin/info/edit", STAFF_PAGE, ROLE_EDITOR, page_info_admin_edit_form, "L FoFFFF FNFFFF FNFFFF"},
    {"POST", "/admin/info/edit", STAFF_FORM, ROLE_EDITOR, page_info_admin_edit, "F FoFFFF FNFFFF FNFFFF"},
    {"GET", "/admin/info/view", STAFF_PAGE, 0, page_info_admin_view, "L oooooo NNNNNN NNNNNN"},
    {"POST", "/admin/info/action", STAFF_FORM, ROLE_EDITOR | ROLE_REVIEWER | ROLE_LEADER | ROLE_ADMIN,
     page_info_admin_action, "F FoFFFF FNFFFF FNFFFF"},
    {"GET", "/admin/info/review", STAFF_PAGE, 0, page_info_admin_queue, "L oooooo oooooo oooooo"},
    {"GET", "/admin/info/history", STAFF_PAGE, 0, page_info_admin_history, "L oooooo oooooo oooooo"},
    {"GET", "/admin/info/categories", STAFF_PAGE, 0, page_info_admin_categories, "L oooooo oooooo oooooo"},
    {"POST", "/admin/info/categories", STAFF_FORM, ROLE_ADMIN, page_info_admin_category_save, "F oFFFFF oFFFFF oFFFFF"},
    {"GET", "/admin/info/wording", STAFF_PAGE, 0, page_info_wording, "L oooooo oooooo oooooo"},
    {"POST", "/admin/info/wording", STAFF_FORM | ROUTE_SITE, ROLE_ADMIN, page_info_wording_save,
     "F oFFFFF FFFFFF oFFFFF"},
    {"GET", "/admin/info/wording/scan", STAFF_PAGE, 0, page_info_wording_scan, "L oooooo oooooo oooooo"},
    {"POST", "/api/v1/items", ROUTE_STAFF | ROUTE_API | ROUTE_POST | ROUTE_WRITE, ROLE_EDITOR, api_info_create,
     "U FoFFFF FoFFFF FoFFFF"},
    {"GET", "/api/v1/items", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY, 0, api_info_list, "o oooooo oooooo oooooo"},
    {"GET", "/api/v1/items/", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, 0, api_info_get,
     "o oooooo oooooo oooooo"},
    {"POST", "/api/v1/items/", ROUTE_STAFF | ROUTE_API | ROUTE_POST | ROUTE_WRITE | ROUTE_PREFIX, 0, api_info_post,
     "U FoFFFF FNFFFF FNFFFF"},
    {"GET", "/api/v1/categories", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY, 0, api_info_categories,
     "o oooooo oooooo oooooo"},
    {"POST", "/api/v1/categories/defaults", ROUTE_STAFF | ROUTE_API | ROUTE_POST | ROUTE_WRITE, ROLE_ADMIN,
     api_info_categories_defaults, "U oFFFFF oFFFFF oFFFFF"},

    /* attachment routes (src/http/page_info_attach.h) */
    {"GET", "/admin/info/attach", STAFF_PAGE, ROLE_EDITOR, page_info_attach_form, "L FoFFFF FNFFFF FNFFFF"},
    {"POST", "/admin/info/attach", STAFF_FORM | ROUTE_UPLOAD, ROLE_EDITOR, page_info_attach_upload,
     "F FoFFFF FNFFFF FNFFFF"},
    {"POST", "/admin/info/attach/remove", STAFF_FORM, ROLE_EDITOR, page_info_attach_remove, "F FoFFFF FNFFFF FNFFFF"},
    {"GET", "/admin/info/file", STAFF_PAGE, 0, page_info_attach_staff_file, "L oooooo NNNNNN NNNNNN"},
    {"GET", "/info/file/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_info_attach_file, "N NNNNNN NNNNNN NNNNNN"},

    /* aggregated report 汇总年报 of a supervising agency (src/http/page_aggregate.h, docs/supervision.md) */
    {"GET", "/admin/supervise/aggregate", STAFF_PAGE, ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER, page_aggregate,
     "L oFFFoo NFFFNN oFFFoo"},
    {"GET", "/admin/supervise/aggregate/download", STAFF_PAGE, ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER,
     page_aggregate_download, "L oFFFoo NFFFNN oFFFoo"},
    {"POST", "/admin/supervise/aggregate/save", STAFF_FORM, ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER,
     page_aggregate_save, "F oFFFoo NFFFNN oFFFoo"},
    {"POST", "/admin/supervise/aggregate/approve", STAFF_FORM, ROLE_LEADER, page_aggregate_approve,
     "F FFFFoF FFFFNF FFFFoF"},
    {"POST", "/admin/supervise/aggregate/publish", STAFF_FORM, ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER,
     page_aggregate_publish, "F oFFFoo NFFFNN oFFFoo"},
    {"GET", "/admin/supervise/trends", STAFF_PAGE, ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER, page_trends,
     "L oFFFoo NFFFNN oFFFoo"},
    {"GET", "/admin/supervise/trends.csv", STAFF_PAGE, ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER, page_trends_csv,
     "L oFFFoo NFFFNN oFFFoo"},
    /* annual report routes (src/http/page_annual.h, docs/annual.md) */
    {"GET", "/annual/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_annual_year, "N NNNNNN NNNNNN NNNNNN"},
    {"GET", "/admin/annual", STAFF_PAGE, 0, page_annual_admin, "L oooooo oooooo oooooo"},
    {"GET", "/admin/annual/download", STAFF_PAGE, 0, page_annual_download, "L oooooo oooooo oooooo"},
    {"POST", "/admin/annual/text", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, page_annual_text_save,
     "F ooFFoF ooFFoF ooFFoF"},
    {"POST", "/admin/annual/approve", STAFF_FORM, ROLE_LEADER, page_annual_approve, "F FFFFoF FFFFoF FFFFoF"},
    {"POST", "/admin/annual/revoke", STAFF_FORM, ROLE_LEADER | ROLE_ADMIN, page_annual_revoke,
     "F oFFFoF oFFFoF oFFFoF"},
    {"POST", "/admin/annual/publish", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, page_annual_publish,
     "F ooFFoF ooFFoF ooFFoF"},
    {"GET", "/admin/annual/drill", STAFF_PAGE, 0, page_annual_drill, "L oooooo oooooo oooooo"},
    {"GET", "/admin/annual/cases", STAFF_PAGE, 0, page_annual_cases, "L oooooo oooooo oooooo"},
    {"POST", "/admin/annual/cases", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN, page_annual_case_add,
     "F oFFooF oFFooF oFFooF"},
    {"POST", "/admin/annual/cases/result", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN, page_annual_case_result,
     "F oFFooF NFFNNF NFFNNF"},
    {"GET", "/admin/annual/figures", STAFF_PAGE, 0, page_annual_figures, "L oooooo oooooo oooooo"},
    {"POST", "/admin/annual/figures", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, page_annual_figures_save,
     "F ooFFoF ooFFoF ooFFoF"},
    {"POST", "/admin/annual/figures/import", STAFF_FORM | ROUTE_UPLOAD, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN,
     page_annual_figures_import, "F ooFFoF ooFFoF ooFFoF"},
    {"GET", "/api/v1/reports/", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, 0, api_annual_report,
     "o oooooo oooooo oooooo"},

    /* supervision routes: 年报 collection, external reports, 整改 (src/http/page_supervise.h, docs/supervision.md) */
    {"GET", "/admin/supervise/reports", STAFF_PAGE, ROLE_ADMIN | ROLE_SUPERVISOR, page_supervise_reports,
     "L oFFFFo FFFFFF oFFFFo"},
    {"GET", "/api/v1/agencies/", ROUTE_STAFF | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, ROLE_ADMIN | ROLE_SUPERVISOR,
     api_supervise_reports, "U oFFFFo FFFFFF oFFFFo"},
    {"GET", "/admin/supervise/upload", STAFF_PAGE, ROLE_ADMIN | ROLE_SUPERVISOR, page_supervise_upload_form,
     "L oFFFFo FFFFFF oFFFFo"},
    {"POST", "/admin/supervise/upload", STAFF_FORM | ROUTE_UPLOAD, ROLE_ADMIN | ROLE_SUPERVISOR, page_supervise_upload,
     "F oFFFFo FFFFFF oFFFFo"},
    {"GET", "/admin/supervise/batch", STAFF_PAGE, ROLE_ADMIN | ROLE_SUPERVISOR, page_supervise_batch,
     "L oFFFFo NFFFFN oFFFFo"},
    {"POST", "/admin/supervise/confirm", STAFF_FORM, ROLE_ADMIN | ROLE_SUPERVISOR, page_supervise_confirm,
     "F oFFFFo NFFFFN oFFFFo"},
    {"GET", "/admin/supervise/notices", STAFF_PAGE, 0, page_supervise_notices, "L oooooo oooooo oooooo"},
    {"POST", "/admin/supervise/notices", STAFF_FORM, ROLE_ADMIN | ROLE_SUPERVISOR, page_supervise_notice_send,
     "F oFFFFo FFFFFF oFFFFo"},
    {"POST", "/admin/supervise/notices/reply", STAFF_FORM, 0, page_supervise_notice_reply, "F ooFFoF NNNNNN FNNNNF"},

    /* calendar routes (src/http/page_calendar.h, docs/calendar.md) */
    {"GET", "/admin/calendar", STAFF_PAGE, ROLE_ADMIN, page_calendar_admin, "L oFFFFF oFFFFF oFFFFF"},
    {"POST", "/admin/calendar", STAFF_FORM | ROUTE_SITE | ROUTE_UPLOAD, ROLE_ADMIN, page_calendar_load,
     "F oFFFFF FFFFFF oFFFFF"},

    /* the agency tree and 督办 (src/http/acting.h, page_supervision.h, docs/supervision.md) */
    {"GET", "/admin/acting", STAFF_PAGE, 0, page_acting_form, "L oooooo oooooo oooooo"},
    {"POST", "/admin/acting", ROUTE_STAFF | ROUTE_POST | ROUTE_READONLY, ROLE_ADMIN | ROLE_SUPERVISOR, page_acting_set,
     "F oFFFFo FFFFFF oFFFFo"},
    {"POST", "/admin/agencies/retire", STAFF_FORM, ROLE_ADMIN, page_admin_agency_retire, "F oFFFFF FFFFFF oFFFFF"},
    {"GET", "/admin/supervision", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, page_supervision,
     "L FFFooo FFFooo FFFooo"},
    {"POST", "/admin/supervision/notice", STAFF_FORM, ROLE_SUPERVISOR, page_supervision_send, "F FFFFFo FFFFFN FFFFFo"},
    {"POST", "/admin/supervision/answer", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_supervision_answer,
     "F FFFooF FFFNNF FFFNNF"},
    {"GET", "/admin/supervision/figures", STAFF_PAGE, ROLE_SUPERVISOR | ROLE_ADMIN, page_supervision_figures,
     "L oFFFFo oFFFFo oFFFFo"},

    {0},
};
