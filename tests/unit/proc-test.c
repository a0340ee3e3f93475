/*
 * The command runner against real processes, and the bounded scrollback:
 * output arrives whole and in order before the exit is reported; exit
 * codes, a missing program, a timeout and a cancel each end as they say,
 * and a cancel reaches the children the command started (its process
 * group).  No timing is asserted: the loop runs until the exit arrives.
 */
#include "autoconfig.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <uv.h>

#include "buf.h"
#include "proc.h"
#include "scrollback.h"
#include "xalloc.h"

struct run {
	struct buf		 out, err;
	struct proc_result	 result;
	bool			 ended;
	struct proc		*proc;
	int			 cancel_after_bytes;	/* >0: cancel then */
};

static void
on_output(void *arg, enum proc_stream s, const char *data, size_t len)
{
	struct run *r = arg;

	buf_putn(s == PROC_STDOUT ? &r->out : &r->err, data, len);
	if (r->cancel_after_bytes > 0 && r->out.len >= (size_t)r->cancel_after_bytes) {
		r->cancel_after_bytes = 0;
		proc_cancel(r->proc);
	}
}

static void
on_exit_cb(void *arg, const struct proc_result *res)
{
	struct run *r = arg;

	assert_false(r->ended);		/* exactly once */
	r->result = *res;
	r->ended = true;
}

/* Runs argv to its end; -1 when it could not start. */
static int
run_argv(struct run *r, char *const *argv, double timeout_s, int cancel_at)
{
	uv_loop_t loop;
	struct proc_opts o;
	char *env[] = { "OPSDECK_TEST_VAR=from-opsdeck", NULL };
	char *cause = NULL;
	int rc = 0;

	memset(r, 0, sizeof *r);
	r->cancel_after_bytes = cancel_at;
	uv_loop_init(&loop);
	memset(&o, 0, sizeof o);
	o.argv = argv;
	o.env_extra = env;
	o.timeout_s = timeout_s;
	o.grace_s = 1;
	o.on_output = on_output;
	o.on_exit = on_exit_cb;
	o.arg = r;
	if (proc_start(&loop, &o, &r->proc, &cause) != 0) {
		assert_non_null(cause);
		assert_non_null(strstr(cause, argv[0]));
		free(cause);
		rc = -1;
	} else {
		while (!r->ended)
			uv_run(&loop, UV_RUN_ONCE);
		proc_close(r->proc);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	return rc;
}

static void
run_free(struct run *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

static void
test_output_and_exit(void **state)
{
	char *argv[] = { "/bin/sh", "-c",
	    "echo one; echo two >&2; printf '%s' \"$OPSDECK_TEST_VAR\"; exit 7",
	    NULL };
	struct run r;

	(void)state;
	assert_int_equal(run_argv(&r, argv, 0, 0), 0);
	assert_int_equal(r.result.end, PROC_EXITED);
	assert_int_equal(r.result.exit_code, 7);
	assert_string_equal(r.out.s, "one\nfrom-opsdeck");
	assert_string_equal(r.err.s, "two\n");
	run_free(&r);
}

/* The last output is never lost behind the exit status. */
static void
test_all_output_before_exit(void **state)
{
	char *argv[] = { "/usr/bin/seq", "1", "200000", NULL };
	struct run r;

	(void)state;
	assert_int_equal(run_argv(&r, argv, 0, 0), 0);
	assert_int_equal(r.result.end, PROC_EXITED);
	assert_int_equal(r.result.exit_code, 0);
	assert_int_equal(r.out.len, 1288895);	/* seq 1 200000 | wc -c */
	assert_non_null(strstr(r.out.s, "\n199999\n200000\n"));
	run_free(&r);
}

static void
test_missing_program(void **state)
{
	char *argv[] = { "/nonexistent/deploy-tool", "x", NULL };
	struct run r;

	(void)state;
	assert_int_equal(run_argv(&r, argv, 0, 0), -1);
	assert_false(r.ended);
	run_free(&r);
}

static void
test_stdin_is_dev_null(void **state)
{
	char *argv[] = { "/bin/cat", NULL };
	struct run r;

	(void)state;
	assert_int_equal(run_argv(&r, argv, 0, 0), 0);
	assert_int_equal(r.result.exit_code, 0);
	assert_int_equal(r.out.len, 0);
	run_free(&r);
}

static void
test_timeout(void **state)
{
	char *argv[] = { "/bin/sleep", "300", NULL };
	struct run r;

	(void)state;
	assert_int_equal(run_argv(&r, argv, 0.2, 0), 0);
	assert_int_equal(r.result.end, PROC_TIMED_OUT);
	assert_int_equal(r.result.term_signal, SIGTERM);
	run_free(&r);
}

/* The command's child is in its process group: the cancel ends it too,
 * even one that ignores SIGTERM (SIGKILL after the grace). */
/* Gone: no such process, or a zombie (in a container nobody may reap it). */
static bool
process_gone(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	bool zombie = false;

	if (kill(pid, 0) != 0)
		return errno == ESRCH;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return true;
	if (fgets(buf, sizeof buf, f) != NULL && (p = strrchr(buf, ')')) != NULL)
		zombie = p[1] == ' ' && p[2] == 'Z';
	fclose(f);
	return zombie;
}

static void
test_cancel_reaches_the_group(void **state)
{
	char *argv[] = { "/bin/sh", "-c",
	    "trap '' TERM; sleep 300 & echo $!; wait", NULL };
	struct run r;
	long child;

	(void)state;
	assert_int_equal(run_argv(&r, argv, 0, 1), 0);
	assert_int_equal(r.result.end, PROC_CANCELLED);
	child = strtol(r.out.s, NULL, 10);
	assert_true(child > 1);
	/* SIGKILL is delivered asynchronously: give it up to 10 s */
	for (int i = 0; i < 500 && !process_gone((pid_t)child); i++)
		usleep(20000);
	assert_true(process_gone((pid_t)child));
	run_free(&r);
}

static void
test_scrollback_bounds(void **state)
{
	struct scrollback s;
	char line[32], *tail;
	size_t i;

	(void)state;
	scrollback_init(&s);
	for (i = 1; i <= 3 * SCROLLBACK_LINES; i++) {
		snprintf(line, sizeof line, "line %zu\n", i);
		scrollback_append(&s, line, strlen(line));
	}
	assert_int_equal(s.n, SCROLLBACK_LINES);
	assert_int_equal(s.total, 3 * SCROLLBACK_LINES);
	assert_string_equal(scrollback_line(&s, 0), "line 4001");
	assert_string_equal(scrollback_line(&s, SCROLLBACK_LINES - 1), "line 6000");
	tail = scrollback_tail(&s, 30);
	assert_string_equal(tail, "line 5998\nline 5999\nline 6000\n");
	free(tail);
	/* A line with no end is split at the line limit, kept whole. */
	for (i = 0; i < 2 * SCROLLBACK_LINE_MAX + 10; i++)
		scrollback_append(&s, "x", 1);
	scrollback_flush(&s);
	assert_int_equal(strlen(scrollback_line(&s, s.n - 1)), 10);
	assert_int_equal(strlen(scrollback_line(&s, s.n - 2)), SCROLLBACK_LINE_MAX);
	/* A tail cut inside a line starts on a character, not inside one. */
	scrollback_append(&s, "\xc3\xa9\xc3\xa9\xc3\xa9\n", 7);
	tail = scrollback_tail(&s, 4);
	assert_string_equal(tail, "\xc3\xa9\n");
	free(tail);
	scrollback_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_and_exit),
		cmocka_unit_test(test_all_output_before_exit),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_stdin_is_dev_null),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_cancel_reaches_the_group),
		cmocka_unit_test(test_scrollback_bounds),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
