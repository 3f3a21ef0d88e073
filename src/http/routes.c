/* routes.c — the route table: the one place to read what the site offers and who may use it.
 * The dispatcher (router.c) enforces each row's flags before calling its handler. GET rows also
 * answer HEAD. Paths are exact unless ROUTE_PREFIX. */
#include "http/handlers.h"
#include "http/page_annual.h"
#include "http/page_apply.h"
#include "http/page_calendar.h"
#include "http/page_info.h"
#include "http/page_info_attach.h"
#include "http/router.h"

#define PUBLIC_PAGE (ROUTE_PUBLIC | ROUTE_READONLY)
#define STAFF_PAGE  (ROUTE_STAFF | ROUTE_READONLY)
#define STAFF_FORM  (ROUTE_STAFF | ROUTE_POST)

const struct route routes[] = {
    /* public portal */
    {"GET", "/", PUBLIC_PAGE, 0, page_home},
    {"GET", "/guide", PUBLIC_PAGE, 0, page_guide},
    {"GET", "/catalog", PUBLIC_PAGE, 0, page_catalog},
    {"GET", "/apply", PUBLIC_PAGE, 0, page_apply},
    {"GET", "/annual", PUBLIC_PAGE, 0, page_annual_index},
    {"GET", "/rules", PUBLIC_PAGE, 0, page_rules},
    {"GET", "/sitemap", PUBLIC_PAGE, 0, page_sitemap},
    {"GET", "/contact", PUBLIC_PAGE, 0, page_contact},
    {"GET", "/elder", PUBLIC_PAGE, 0, page_elder},
    {"GET", "/robots.txt", PUBLIC_PAGE, 0, page_robots},
    {"GET", "/assets/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_asset},

    /* login and own account */
    {"GET", "/login", PUBLIC_PAGE, 0, page_login_form},
    {"POST", "/login", ROUTE_PUBLIC | ROUTE_POST, 0, page_login_submit},
    {"POST", "/logout", STAFF_FORM, 0, page_logout},
    {"GET", "/account/password", STAFF_PAGE, 0, page_password_form},
    {"POST", "/account/password", STAFF_FORM, 0, page_password_submit},

    /* back office */
    {"GET", "/admin", STAFF_PAGE, 0, page_admin_home},
    {"GET", "/admin/users", STAFF_PAGE, ROLE_ADMIN, page_admin_users},
    {"POST", "/admin/users", STAFF_FORM, ROLE_ADMIN, page_admin_user_add},
    {"POST", "/admin/users/disable", STAFF_FORM, ROLE_ADMIN, page_admin_user_disable},
    {"GET", "/admin/agencies", STAFF_PAGE, ROLE_ADMIN, page_admin_agencies},
    {"POST", "/admin/agencies", STAFF_FORM, ROLE_ADMIN, page_admin_agency_add},
    {"GET", "/admin/agencies/edit", STAFF_PAGE, ROLE_ADMIN, page_admin_agency_edit_form},
    {"POST", "/admin/agencies/edit", STAFF_FORM, ROLE_ADMIN, page_admin_agency_edit},

    /* JSON API (docs/api.md) */
    {"GET", "/api/v1/health", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY, 0, api_health},
    {"GET", "/api/v1/me", ROUTE_STAFF | ROUTE_API | ROUTE_READONLY, 0, api_me},

    /* application routes (依申请公开, src/http/page_apply.h) */
    {"GET", "/apply/new", PUBLIC_PAGE, 0, page_apply_form},
    {"POST", "/apply/new", ROUTE_PUBLIC | ROUTE_POST, 0, page_apply_submit},
    {"GET", "/apply/query", PUBLIC_PAGE, 0, page_apply_query_form},
    {"POST", "/apply/query", ROUTE_PUBLIC | ROUTE_POST, 0, page_apply_query},
    {"GET", "/admin/applications", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, page_apply_list},
    {"GET", "/admin/applications/intake", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER, page_apply_intake_form},
    {"POST", "/admin/applications/intake", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_intake},
    {"GET", "/admin/applications/view", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, page_apply_view},
    {"POST", "/admin/applications/event", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_event},
    {"POST", "/admin/applications/reveal", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_reveal},
    {"POST", "/admin/applications/assign", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_assign},
    {"GET", "/admin/applications/letter", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER, page_apply_letter},
    {"POST", "/admin/applications/letter", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_letter_save},
    {"GET", "/admin/applications/letter.pdf", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER, page_apply_letter_pdf},
    {"POST", "/admin/applications/propose", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER, page_apply_propose},
    {"GET", "/admin/applications/proposals", STAFF_PAGE, ROLE_HANDLER | ROLE_LEADER | ROLE_EDITOR,
     page_apply_proposals},
    {"POST", "/admin/applications/proposals/draft", STAFF_FORM, ROLE_EDITOR, page_apply_proposal_draft},
    {"POST", "/apply/query/letter", ROUTE_PUBLIC | ROUTE_POST, 0, page_apply_query_letter},
    {"POST", "/apply/query/correction", ROUTE_PUBLIC | ROUTE_POST, 0, page_apply_query_correction},
    {"GET", "/apply/query/resend", PUBLIC_PAGE, 0, page_apply_resend_form},
    {"POST", "/apply/query/resend", ROUTE_PUBLIC | ROUTE_POST, 0, page_apply_resend},
    {"POST", "/api/v1/applications", ROUTE_PUBLIC | ROUTE_API, 0, api_apply_create},
    {"GET", "/api/v1/applications", ROUTE_STAFF | ROUTE_API | ROUTE_READONLY,
     ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR, api_apply_list},
    {"GET", "/api/v1/applications/", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, 0, api_apply_get},
    /* {no}/events needs a handler's token (checked by the handler); {no}/correction the query code */
    {"POST", "/api/v1/applications/", ROUTE_PUBLIC | ROUTE_API | ROUTE_PREFIX, 0, api_apply_post},

    /* 主动公开 routes (src/http/page_info.h, docs/info.md) */
    {"GET", "/info", PUBLIC_PAGE, 0, page_info_catalog},
    {"GET", "/info/item/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_info_item},
    {"GET", "/info/guide", PUBLIC_PAGE, 0, page_info_guide},
    {"GET", "/info/feed", PUBLIC_PAGE, 0, page_info_feed},
    {"GET", "/sitemap.xml", PUBLIC_PAGE, 0, page_info_sitemap_xml},
    {"GET", "/admin/info", STAFF_PAGE, 0, page_info_admin_list},
    {"GET", "/admin/info/edit", STAFF_PAGE, ROLE_EDITOR, page_info_admin_edit_form},
    {"POST", "/admin/info/edit", STAFF_FORM, ROLE_EDITOR, page_info_admin_edit},
    {"GET", "/admin/info/view", STAFF_PAGE, 0, page_info_admin_view},
    {"POST", "/admin/info/action", STAFF_FORM, ROLE_EDITOR | ROLE_REVIEWER | ROLE_LEADER | ROLE_ADMIN,
     page_info_admin_action},
    {"GET", "/admin/info/review", STAFF_PAGE, 0, page_info_admin_queue},
    {"GET", "/admin/info/history", STAFF_PAGE, 0, page_info_admin_history},
    {"GET", "/admin/info/categories", STAFF_PAGE, 0, page_info_admin_categories},
    {"POST", "/admin/info/categories", STAFF_FORM, ROLE_ADMIN, page_info_admin_category_save},
    {"POST", "/api/v1/items", ROUTE_STAFF | ROUTE_API | ROUTE_POST, ROLE_EDITOR, api_info_create},
    {"GET", "/api/v1/items", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY, 0, api_info_list},
    {"GET", "/api/v1/items/", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, 0, api_info_get},
    {"POST", "/api/v1/items/", ROUTE_STAFF | ROUTE_API | ROUTE_POST | ROUTE_PREFIX, 0, api_info_post},
    {"GET", "/api/v1/categories", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY, 0, api_info_categories},
    {"POST", "/api/v1/categories/defaults", ROUTE_STAFF | ROUTE_API | ROUTE_POST, ROLE_ADMIN,
     api_info_categories_defaults},

    /* attachment routes (src/http/page_info_attach.h) */
    {"GET", "/admin/info/attach", STAFF_PAGE, ROLE_EDITOR, page_info_attach_form},
    {"POST", "/admin/info/attach", STAFF_FORM | ROUTE_UPLOAD, ROLE_EDITOR, page_info_attach_upload},
    {"POST", "/admin/info/attach/remove", STAFF_FORM, ROLE_EDITOR, page_info_attach_remove},
    {"GET", "/admin/info/file", STAFF_PAGE, 0, page_info_attach_staff_file},
    {"GET", "/info/file/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_info_attach_file},

    /* annual report routes (src/http/page_annual.h, docs/annual.md) */
    {"GET", "/annual/", PUBLIC_PAGE | ROUTE_PREFIX, 0, page_annual_year},
    {"GET", "/admin/annual", STAFF_PAGE, 0, page_annual_admin},
    {"GET", "/admin/annual/download", STAFF_PAGE, 0, page_annual_download},
    {"POST", "/admin/annual/text", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, page_annual_text_save},
    {"POST", "/admin/annual/approve", STAFF_FORM, ROLE_LEADER, page_annual_approve},
    {"POST", "/admin/annual/revoke", STAFF_FORM, ROLE_LEADER | ROLE_ADMIN, page_annual_revoke},
    {"POST", "/admin/annual/publish", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, page_annual_publish},
    {"GET", "/admin/annual/drill", STAFF_PAGE, 0, page_annual_drill},
    {"GET", "/admin/annual/cases", STAFF_PAGE, 0, page_annual_cases},
    {"POST", "/admin/annual/cases", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN, page_annual_case_add},
    {"POST", "/admin/annual/cases/result", STAFF_FORM, ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN,
     page_annual_case_result},
    {"GET", "/admin/annual/figures", STAFF_PAGE, 0, page_annual_figures},
    {"POST", "/admin/annual/figures", STAFF_FORM, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, page_annual_figures_save},
    {"POST", "/admin/annual/figures/import", STAFF_FORM | ROUTE_UPLOAD, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN,
     page_annual_figures_import},
    {"GET", "/api/v1/reports/", ROUTE_PUBLIC | ROUTE_API | ROUTE_READONLY | ROUTE_PREFIX, 0, api_annual_report},

    /* calendar routes (src/http/page_calendar.h, docs/calendar.md) */
    {"GET", "/admin/calendar", STAFF_PAGE, ROLE_ADMIN, page_calendar_admin},
    {"POST", "/admin/calendar", STAFF_FORM | ROUTE_UPLOAD, ROLE_ADMIN, page_calendar_load},

    {0},
};
