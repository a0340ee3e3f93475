#include "autoconfig.h"

/*
 * opsdeck-sim's command line (sim.h; usage in docs/opsdeck-sim.md and
 * --help), the "NAME PORT" lines and the ready file, and the run of the
 * loop until SIGTERM or SIGINT.  With a one-shot option (--set, --sleep,
 * --exit, --flood, --spawn-sleeper, --ignore-term) it is no server: those
 * run from tools.c and the process exits.
 */

#include <sys/resource.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sim.h"
#include "xalloc.h"

/* The many services of --many. */
struct many {
	const char	*spec;
	const char	*prefix;
	uint64_t	 n;
	uint64_t	 base;
	int		 given;		/* a server-only option was given */
};


/* --- Command line ----------------------------------------------------- */

static void
usage(void)
{
	size_t i;

	printf("usage: opsdeck-sim [--host ADDR] [--ready-file PATH] "
	    "[--verbose] SPEC...\n"
	    "       opsdeck-sim [...] --many N [--behaviour B[,OPT...]] "
	    "[--base-port P] [--prefix NAME]\n"
	    "       opsdeck-sim [--sleep S] --set B[,OPT...] --port PORT "
	    "[--host ADDR]\n"
	    "       opsdeck-sim [--ignore-term] [--sleep S] [--flood BYTES]\n"
	    "                   [--spawn-sleeper S] [--exit N]\n\n"
	    "SPEC is NAME=BEHAVIOUR[,OPTION...]@PORT (PORT 0: any free port)."
	    "\nPrints \"NAME PORT\" per service once all listen; stops on "
	    "SIGTERM/SIGINT.\n\nBehaviours (GET/HEAD /health and /metrics):\n");
	for (i = 0; i < n_behaviours; i++)
		printf("  %-12s %s\n", behaviours[i].name, behaviours[i].help);
	printf("\nOptions of every behaviour: delay=MS (/health), "
	    "mdelay=MS (/metrics),\n  p95=MS (synthetic latency), "
	    "errors=PCT (synthetic 5xx share).\n"
	    "style=json|ietf|spring|text: body shape of health answers.\n"
	    "\nSwitching at run time: PUT (or POST) " CONTROL_PATH " on a "
	    "service's port,\n  body B[,OPTION...] (at most %d bytes): 200 "
	    "and the new spec, or 400 and\n  the reason (the old behaviour "
	    "stays).  Counters keep counting.\n", CONTROL_BODY_MAX);
	printf("\nOne-shot commands (no server; run in this order, then exit):"
	    "\n  --sleep S           sleep S seconds (decimals allowed) first\n"
	    "  --set B --port P    send B to " CONTROL_PATH " on --host, "
	    "port P; print\n"
	    "                      the answer line; exit 0 on 200, else 1 "
	    "(5 s timeout)\n"
	    "  --flood BYTES       write exactly BYTES bytes of numbered "
	    "lines (K/M/G)\n"
	    "  --spawn-sleeper S   fork a child in this process group, print "
	    "\"PARENT CHILD\"\n"
	    "                      pids; both sleep S seconds\n"
	    "  --ignore-term       ignore SIGTERM (the child too): only "
	    "SIGKILL ends it\n"
	    "  --exit N            print a line on stderr, exit with status N "
	    "(0-255)\n"
	    "See docs/opsdeck-sim.md.\n");
}

/* Parses BEHAVIOUR[,option...] into p; ctx names it in error messages. */
static void
profile_parse_or_die(const char *text, struct profile *p, const char *ctx)
{
	char err[256];

	if (profile_parse(text, p, err, sizeof err) != 0)
		die(EXIT_USAGE, "%s: %s", ctx, err);
}

/* Fills s from NAME=BEHAVIOUR[,option...]@PORT. */
static void
spec_parse(const char *arg, struct svc *s)
{
	const char *eq = strchr(arg, '='), *at = strrchr(arg, '@');
	char *text;
	uint64_t port;
	size_t n;

	if (eq == NULL || at == NULL || at < eq)
		die(EXIT_USAGE, "bad service '%s' (want NAME=BEHAVIOUR@PORT)", arg);
	n = (size_t)(eq - arg);
	if (n == 0 || n > NAME_MAX_LEN)
		die(EXIT_USAGE, "bad name in '%s' (1-%d characters)", arg,
		    NAME_MAX_LEN);
	if (strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_.-") < n)
		die(EXIT_USAGE, "bad name in '%s' (letters, digits, _ . -)", arg);
	memcpy(s->name, arg, n);
	if (parse_u64(at + 1, 65535, 0, &port) != 0)
		die(EXIT_USAGE, "bad port in '%s'", arg);
	s->port = (int)port;
	text = xstrndup(eq + 1, (size_t)(at - eq - 1));
	profile_parse_or_die(text, &s->p, arg);
	free(text);
}

/* Seconds for --sleep and --spawn-sleeper: at most a day. */
static double
seconds_arg(const char *opt, const char *arg)
{
	double v;

	if (parse_double(arg, 0, 86400, &v) != 0)
		die(EXIT_USAGE, "bad %s '%s' (want seconds, at most 86400)", opt,
		    arg);
	return v;
}

/* A one-shot option into *t; 0 if ch is none of them. */
static int
tool_option(int ch, const char *arg, struct tools *t)
{
	uint64_t v;

	switch (ch) {
	case 's': t->set = arg; break;
	case 'o':
		if (parse_u64(arg, 65535, 0, &t->port) != 0 || t->port == 0)
			die(EXIT_USAGE, "bad --port '%s' (want 1-65535)", arg);
		t->has_port = 1;
		return 1;	/* with --set only; not a command by itself */
	case 'S': t->sleep_s = seconds_arg("--sleep", arg); break;
	case 'k':
		t->sleeper_s = seconds_arg("--spawn-sleeper", arg);
		t->has_sleeper = 1;
		break;
	case 'i': t->ignore_term = 1; break;
	case 'f':
		if (parse_u64(arg, UINT64_MAX, 1, &t->flood) != 0)
			die(EXIT_USAGE, "bad --flood '%s' (want bytes, K/M/G)",
			    arg);
		t->has_flood = 1;
		break;
	case 'x':
		if (parse_u64(arg, 255, 0, &v) != 0)
			die(EXIT_USAGE, "bad --exit '%s' (want 0-255)", arg);
		t->exit_status = (int)v;
		t->has_exit = 1;
		break;
	default:
		return 0;
	}
	t->any = 1;
	return 1;
}

/* A server option into sim or *many; 0 if ch is none of them. */
static int
server_option(int ch, const char *arg, struct many *many)
{
	switch (ch) {
	case 'r': sim.ready_file = arg; break;
	case 'b': many->spec = arg; break;
	case 'P': many->prefix = arg; break;
	case 'n':
		if (parse_u64(arg, 60000, 0, &many->n) != 0)
			die(EXIT_USAGE, "bad --many '%s'", arg);
		break;
	case 'p':
		if (parse_u64(arg, 65535, 0, &many->base) != 0)
			die(EXIT_USAGE, "bad --base-port '%s'", arg);
		break;
	default:
		return 0;
	}
	many->given = 1;
	return 1;
}

/* Reads the options into sim, *many and *t; returns the index of the
 * first SPEC. */
static int
options_parse(int argc, char **argv, struct many *many, struct tools *t)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "many", required_argument, NULL, 'n' },
		{ "behaviour", required_argument, NULL, 'b' },
		{ "behavior", required_argument, NULL, 'b' },
		{ "base-port", required_argument, NULL, 'p' },
		{ "prefix", required_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "set", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'o' },
		{ "sleep", required_argument, NULL, 'S' },
		{ "exit", required_argument, NULL, 'x' },
		{ "flood", required_argument, NULL, 'f' },
		{ "spawn-sleeper", required_argument, NULL, 'k' },
		{ "ignore-term", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		if (tool_option(ch, optarg, t) || server_option(ch, optarg, many))
			continue;
		switch (ch) {
		case 'H': sim.host = optarg; break;
		case 'v': sim.verbose = 1; break;
		case 'h': usage(); exit(0);
		case 'V': printf("opsdeck-sim %s\n", PACKAGE_VERSION); exit(0);
		default:
			die(EXIT_USAGE, "bad option");
		}
	}
	return optind;
}

/* A one-shot run is no server: SPECs and server options make no sense in
 * it, and --set and --port go together. */
static void
tools_check(const struct tools *t, int nspecs, const struct many *many)
{
	if ((t->set != NULL) != t->has_port)
		die(EXIT_USAGE, "--set and --port go together");
	if (!t->any)
		return;
	if (nspecs > 0 || many->given)
		die(EXIT_USAGE, "the one-shot options (--set, --sleep, --exit, "
		    "--flood, --spawn-sleeper, --ignore-term) take no SPEC and "
		    "no server option");
}

/* Fills sim.svcs: the SPECs in order, then the --many services. */
static void
services_make(char **specs, size_t nspecs, const struct many *many)
{
	struct profile many_profile;
	size_t i, j;

	if (nspecs == 0 && many->n == 0)
		die(EXIT_USAGE, "no services given");
	if (many->base > 0 && many->base + many->n - 1 > 65535)
		die(EXIT_USAGE, "--base-port %" PRIu64 " + --many %" PRIu64
		    " runs past port 65535", many->base, many->n);
	if (strlen(many->prefix) + 5 > NAME_MAX_LEN)
		die(EXIT_USAGE, "--prefix too long");
	profile_parse_or_die(many->spec, &many_profile, "--behaviour");

	sim.nsvc = nspecs + many->n;
	sim.svcs = xcalloc(sim.nsvc, sizeof *sim.svcs);
	for (i = 0; i < nspecs; i++)
		spec_parse(specs[i], &sim.svcs[i]);
	for (i = 0; i < many->n; i++) {
		struct svc *s = &sim.svcs[nspecs + i];

		snprintf(s->name, sizeof s->name, "%s%zu", many->prefix, i + 1);
		s->p = many_profile;
		s->port = many->base > 0 ? (int)(many->base + i) : 0;
	}
	for (i = 0; i < nspecs; i++)
		for (j = i + 1; j < sim.nsvc; j++)
			if (strcmp(sim.svcs[i].name, sim.svcs[j].name) == 0)
				die(EXIT_USAGE, "service '%s' given twice",
				    sim.svcs[i].name);
}

/* --- Running ---------------------------------------------------------- */

/* Prints "NAME PORT" lines to stdout and, atomically, to --ready-file. */
static void
announce(void)
{
	struct buf b = BUF_INIT;
	char tmp[4096];
	FILE *f;
	size_t i;

	for (i = 0; i < sim.nsvc; i++)
		buf_printf(&b, "%s %d\n", sim.svcs[i].name, sim.svcs[i].port);
	fwrite(b.s, 1, b.len, stdout);
	fflush(stdout);
	if (sim.ready_file != NULL) {
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", sim.ready_file,
		    (long)getpid());
		if ((f = fopen(tmp, "w")) == NULL ||
		    fwrite(b.s, 1, b.len, f) != b.len || fflush(f) != 0 ||
		    fsync(fileno(f)) != 0 || fclose(f) != 0 ||
		    rename(tmp, sim.ready_file) != 0)
			die(1, "cannot write %s: %s", sim.ready_file,
			    strerror(errno));
	}
	buf_free(&b);
}

/* Many listeners need many descriptors: take all the hard limit allows. */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		vlog("cannot raise RLIMIT_NOFILE: %s", strerror(errno));
}

/* Once the loop is closed: nothing refers to the services any more. */
static void
sim_free(void)
{
	free(sim.svcs);
	sim.svcs = NULL;
	sim.nsvc = 0;
}

static void
on_signal(uv_signal_t *h, int signum)
{
	(void)h;
	vlog("signal %d: stopping", signum);
	sim_stop();
}

int
main(int argc, char **argv)
{
	struct many many = { "healthy", "svc", 0, 0, 0 };
	struct tools tools;
	struct timespec ts;
	size_t i;
	int first, r;

	memset(&tools, 0, sizeof tools);
	sim.host = "127.0.0.1";
	first = options_parse(argc, argv, &many, &tools);
	tools_check(&tools, argc - first, &many);
	if (tools.any)
		return tools_run(&tools, sim.host);
	services_make(argv + first, (size_t)(argc - first), &many);

	signal(SIGPIPE, SIG_IGN);
	raise_nofile();
	sim.on_request = request_dispatch;
	sim.redirect_target = is_redirect_target;
	server_init();
	clock_gettime(CLOCK_REALTIME, &ts);
	sim.start_time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	sim.start_hr = uv_hrtime();
	if ((r = uv_loop_init(&sim.loop)) != 0)
		die(1, "uv_loop_init: %s", uv_strerror(r));

	for (i = 0; i < sim.nsvc; i++) {
		metrics_init(&sim.svcs[i].m, sim.svcs[i].p.p95_ms);
		svc_listen(&sim.svcs[i]);
	}
	uv_signal_init(&sim.loop, &sim.sigterm);
	uv_signal_init(&sim.loop, &sim.sigint);
	uv_signal_start(&sim.sigterm, on_signal, SIGTERM);
	uv_signal_start(&sim.sigint, on_signal, SIGINT);
	announce();
	vlog("%zu services on %s", sim.nsvc, sim.host);

	uv_run(&sim.loop, UV_RUN_DEFAULT);
	if ((r = uv_loop_close(&sim.loop)) != 0)
		die(1, "uv_loop_close: %s (a handle leaked)", uv_strerror(r));
	sim_free();
	return 0;
}
