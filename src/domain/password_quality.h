/* password_quality.h — how guessable a password is, judged by libpwquality (with cracklib's
 * dictionary): dictionary words with digits or capitals ("password12", "Password123"), keyboard runs,
 * palindromes, and a new password too close to the old one are refused. The length and
 * character-class rules of accounts.h (password_acceptable) come first; this is the extra check. */
#ifndef GONGKAI_DOMAIN_PASSWORD_QUALITY_H
#define GONGKAI_DOMAIN_PASSWORD_QUALITY_H

#include <stdbool.h>
#include <stddef.h>

/* True when libpwquality accepts password (old_password, when not NULL, is the one it replaces);
 * else false with a Chinese reason in err. The system's /etc/security/pwquality.conf is honoured
 * when present, except that gongkai's minimum length (PASSWORD_MIN_LEN) always holds. */
bool password_quality_ok(const char *password, const char *old_password, char *err, size_t errlen);

#endif
