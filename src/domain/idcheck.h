/* idcheck.h — checksum validators for the identity numbers applicants give (条例第二十九条:
 * 申请人的姓名或者名称、身份证明): the 18-digit 居民身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2
 * check digit, with its birth date checked as a real date) and the 18-character
 * 统一社会信用代码 (GB 32100-2015, MOD 31 check character, and the embedded 组织机构代码 with its
 * own GB 11714 check character). A checksum catches typing errors; it does not prove the number
 * exists. Pure functions, no I/O, no global state. */
#ifndef GONGKAI_DOMAIN_IDCHECK_H
#define GONGKAI_DOMAIN_IDCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when id is a well-formed 18-digit 居民身份证号码: a known province code (11–65, 71, 81–83),
 * a real birth date from 1900 on, and the right check character ('X' or 'x' for 10). */
bool idcheck_resident_id(const char *id);
/* As idcheck_resident_id, and also rejects a birth date after today (a day number, calendar.h;
 * pass CAL_NO_DAY to skip). Returns 0, or -1 with a Chinese reason in err (may be NULL). */
int idcheck_resident_id_why(const char *id, int today, char *err, size_t errsize);
/* The check character ('0'–'9' or 'X') for the first 17 digits of a 身份证号码, or 0 when those
 * 17 characters are not all digits. */
char idcheck_resident_check_char(const char *first17);

/* True when code is a valid 18-character 统一社会信用代码 (upper case; I O Z S V never occur). */
bool idcheck_uscc(const char *code);
/* As idcheck_uscc; returns 0, or -1 with a Chinese reason in err (may be NULL). */
int idcheck_uscc_why(const char *code, char *err, size_t errsize);
/* The check character for the first 17 characters of a 统一社会信用代码, or 0 when one of them is
 * outside the code's character set. */
char idcheck_uscc_check_char(const char *first17);

#endif
