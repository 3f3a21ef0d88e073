/* fuzz_calendar.c — libFuzzer entry point for the holiday schedule parser (calendar_load_text),
 * which reads files an administrator supplies. Any input must either load or be rejected with a
 * message, never crash or leak; a loaded calendar must answer queries on the years it declared and
 * keep its days consistent (a listed "off" day is never a working day). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void query_loaded_years(const struct calendar *cal)
{
	for (size_t i = 0; i < calendar_year_count(cal); i++) {
		int year = calendar_year_at(cal, i);
		int first = cal_day_from_date(year, 1, 1);
		for (int day = first; day < first + 366; day += 7) {
			bool known;
			bool work = calendar_is_workday(cal, day, &known);
			const char *name = calendar_day_name(cal, day);
			if (name && strlen(name) == 0)
				abort(); /* names are never empty */
			(void)work;
		}
		int out;
		if (calendar_add_workdays(cal, first, 20, &out) == CAL_EINVAL)
			continue; /* only near 9999-12-31 */
		if (out <= first)
			abort();
		bool unknown = false;
		if (calendar_workdays_between(cal, first, out, &unknown) != 20)
			abort(); /* the two functions must agree */
	}
	if (!calendar_version(cal) || !*calendar_version(cal))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar *cal = calendar_new();
	char err[256];
	err[0] = 'x';
	if (calendar_load_text(cal, (const char *)data, size, err, sizeof err) == 0)
		query_loaded_years(cal);
	else if (strnlen(err, sizeof err) == sizeof err)
		abort(); /* the message must be terminated */
	calendar_free(cal);
	return 0;
}
