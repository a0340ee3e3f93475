#include "autoconfig.h"

/*
 * The one-shot commands, so that tests can build deploy commands without a
 * shell: one that succeeds, fails with a given status, takes its time,
 * floods its output, leaves a child in its process group or shrugs off
 * SIGTERM.  They run in a fixed order (sleep, set, flood, spawn-sleeper,
 * exit) and none of them uses the loop.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#define FLOOD_CHUNK	(64 * 1024)

/* Sleeps the whole time, whatever signals that do not kill it arrive. */
static void
sleep_for(double secs)
{
	struct timespec ts, rem;

	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

/* Straight to the descriptor: stdio would add nothing but a second
 * buffer to keep in step with. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "opsdeck-sim: --flood: %s\n",
			    strerror(errno));
			return 1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes exactly bytes bytes of numbered lines to stdout, the last line
 * cut short when it must be; 0, or 1 when stdout refuses them. */
static int
flood(uint64_t bytes)
{
	static char chunk[FLOOD_CHUNK];
	char line[80];
	uint64_t left = bytes, n = 0;
	size_t len = 0, take;

	while (left > 0) {
		take = (size_t)snprintf(line, sizeof line, "%010" PRIu64
		    " opsdeck-sim flood line, numbered to spot a gap\n", ++n);
		if (take > left)
			take = (size_t)left;
		if (len + take > sizeof chunk) {
			if (write_all(STDOUT_FILENO, chunk, len) != 0)
				return 1;
			len = 0;
		}
		memcpy(chunk + len, line, take);
		len += take;
		left -= take;
	}
	return write_all(STDOUT_FILENO, chunk, len);
}

/*
 * Forks a child that sleeps secs in this process group, prints "PARENT
 * CHILD" and sleeps as long itself, then reaps it: a cancel that signals
 * only the parent leaves the child visible, one that signals the group
 * ends both.
 */
static int
spawn_sleeper(double secs)
{
	pid_t child;

	fflush(stdout);		/* nothing buffered may be written twice */
	fflush(stderr);
	if ((child = fork()) < 0) {
		fprintf(stderr, "opsdeck-sim: fork: %s\n", strerror(errno));
		return 1;
	}
	if (child == 0) {
		sleep_for(secs);
		_exit(0);
	}
	printf("%ld %ld\n", (long)getpid(), (long)child);
	fflush(stdout);
	sleep_for(secs);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
	return 0;
}

int
tools_run(const struct tools *t, const char *host)
{
	int status;

	if (t->ignore_term)
		signal(SIGTERM, SIG_IGN);	/* inherited by the sleeper */
	if (t->sleep_s > 0)
		sleep_for(t->sleep_s);
	if (t->set != NULL &&
	    (status = control_send(host, (int)t->port, t->set)) != 0)
		return status;
	if (t->has_flood && (status = flood(t->flood)) != 0)
		return status;
	if (t->has_sleeper && (status = spawn_sleeper(t->sleeper_s)) != 0)
		return status;
	if (t->has_exit) {
		fprintf(stderr, "opsdeck-sim: exiting with status %d\n",
		    t->exit_status);
		return t->exit_status;
	}
	return 0;
}
