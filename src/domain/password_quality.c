/* password_quality.c — libpwquality behind password_quality_ok() (see password_quality.h). */
#include "domain/password_quality.h"

#include <pwquality.h>
#include <stdio.h>

#include "domain/accounts.h"

/* Chinese wording of libpwquality's verdicts. */
static const char *reason_zh(int code)
{
	switch (code) {
	case PWQ_ERROR_CRACKLIB_CHECK:
	case PWQ_ERROR_BAD_WORDS:
		return "密码以字典中的常见单词为基础，容易被猜中，请换一个";
	case PWQ_ERROR_TOO_SIMILAR:
	case PWQ_ERROR_SAME_PASSWORD:
	case PWQ_ERROR_CASE_CHANGES_ONLY:
	case PWQ_ERROR_ROTATED:
		return "新密码与原密码过于相似，请换一个";
	case PWQ_ERROR_PALINDROME:
		return "密码不能是回文";
	case PWQ_ERROR_MAX_CONSECUTIVE:
	case PWQ_ERROR_MAX_CLASS_REPEAT:
	case PWQ_ERROR_MAX_SEQUENCE:
		return "密码含有过长的重复或连续字符（如 aaaa、1234、qwer），请换一个";
	case PWQ_ERROR_USER_CHECK:
	case PWQ_ERROR_GECOS_CHECK:
		return "密码不能包含用户名";
	case PWQ_ERROR_MIN_LENGTH:
	case PWQ_ERROR_MIN_CLASSES:
	case PWQ_ERROR_MIN_DIGITS:
	case PWQ_ERROR_MIN_UPPERS:
	case PWQ_ERROR_MIN_LOWERS:
	case PWQ_ERROR_MIN_OTHERS:
		return "密码过于简单：请加长密码，或混用大小写字母、数字和其他字符";
	default:
		return "密码过于简单，容易被猜中，请换一个";
	}
}

bool password_quality_ok(const char *password, const char *old_password, char *err, size_t errlen)
{
	pwquality_settings_t *settings = pwquality_default_settings();
	if (!settings) {
		snprintf(err, errlen, "无法检查密码强度（内存不足）");
		return false;
	}
	void *aux = NULL;
	if (pwquality_read_config(settings, NULL, &aux) != 0) /* no system file: the defaults */
		aux = NULL;
	pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, PASSWORD_MIN_LEN);
	pwquality_set_int_value(settings, PWQ_SETTING_DICT_CHECK, 1);
	aux = NULL;
	int score = pwquality_check(settings, password, old_password, NULL, &aux);
	pwquality_free_settings(settings);
	if (score >= 0)
		return true;
	snprintf(err, errlen, "%s", reason_zh(score));
	return false;
}
