/* demo.h — demo data for `gongkai init --demo` and the quick start: a 市 (汝州市人民政府), a 街道办事处
 * modelled on the seed report's agency (汝州市钟楼街道办事处), two 部门 of the 市, and one account per
 * role with generated passwords that the CLI prints once. */
#ifndef GONGKAI_DOMAIN_DEMO_H
#define GONGKAI_DOMAIN_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define DEMO_ACCOUNTS 6

struct demo_account {
	char name[64];
	char password[24];
	unsigned roles;
	int64_t agency_id;
	char agency_name[192];
};

/* Loads the demo agencies and accounts into an already migrated store (refuses, -1, if the database
 * already has agencies). The records behind the demo's annual reports are a feature's business:
 * annual_demo_load (annual/annual_demo.h), which `gongkai init --demo` runs after this. Fills
 * accounts[0..DEMO_ACCOUNTS) with the generated credentials. Returns 0, or -1 with a Chinese message. */
int demo_load(struct store *store, int64_t now, struct demo_account accounts[DEMO_ACCOUNTS], char *err, size_t errlen);

#endif
