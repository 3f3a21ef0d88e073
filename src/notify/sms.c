/* sms.c — the SMS hook: the configured command (an executable, not a shell line) runs as
 * COMMAND PHONE with the message on standard input; exit status 0 means sent. The gateway of each
 * agency differs, so sending is left to a small script; no shell ever sees the applicant's text. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "notify/notify.h"

extern char **environ;

/* Writes all of text to fd (ignoring a reader that stops early). */
static void write_all(int fd, const char *text)
{
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

int notify_sms_send(const char *command, const char *phone, const char *text, char *err, size_t errsize)
{
	int pipefd[2];
	if (pipe(pipefd) != 0) {
		snprintf(err, errsize, "无法创建管道：%s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[0], STDIN_FILENO);
	posix_spawn_file_actions_addclose(&fa, pipefd[1]);
	char *argv[] = {(char *)command, (char *)phone, NULL};
	pid_t pid;
	int rc = posix_spawn(&pid, command, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[0]);
	if (rc != 0) {
		close(pipefd[1]);
		snprintf(err, errsize, "无法运行短信命令 %s：%s", command, strerror(rc));
		return -1;
	}
	write_all(pipefd[1], text); /* the server ignores SIGPIPE (server.c): a command that stops reading is fine */
	close(pipefd[1]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errsize, "短信命令退出状态 %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}
