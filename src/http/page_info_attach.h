/* page_info_attach.h — the HTTP face of attachments of 主动公开 items (src/info/attach.h): the upload
 * and removal forms of the back office, the two download routes (public: only while the item is
 * public; staff: any state, own agency only) and the attachment lists that the item pages embed.
 * Implemented in page_info_attach.c; routes in the "attachment routes" block of routes.c. */
#ifndef GONGKAI_HTTP_PAGE_INFO_ATTACH_H
#define GONGKAI_HTTP_PAGE_INFO_ATTACH_H

#include "http/req.h"
#include "info/info.h"

int page_info_attach_form(struct req *r);	/* GET /admin/info/attach?id=ITEM : list and upload form */
int page_info_attach_upload(struct req *r);	/* POST /admin/info/attach (multipart: id, file) */
int page_info_attach_remove(struct req *r);	/* POST /admin/info/attach/remove (attachment) */
int page_info_attach_staff_file(struct req *r); /* GET /admin/info/file?id=ATTACHMENT */
int page_info_attach_file(struct req *r);	/* GET /info/file/ATTACHMENT : public download */

/* Writes the back-office attachment section of an item (id "attachments"): the list with staff download
 * links and, when the item is editable and the user an editor, the remove buttons and the multipart
 * upload form. error (may be NULL) is shown beside the file field. */
void info_attach_admin_section(struct req *r, const struct info_item *it, const char *error);

/* The same section for the item with this id (of the user's agency); nothing if it cannot be read. */
void info_attach_admin_section_for(struct req *r, int64_t item_id);

/* Writes the public list of an item's attachments (name, type, size, download link); nothing when it
 * has none. Call only for an item that is public. */
void info_attach_public_list(struct req *r, int64_t item_id);

#endif
