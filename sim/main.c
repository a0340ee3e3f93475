#include "autoconfig.h"

/*
 * opsdeck-sim's command line (sim.h; usage in docs/opsdeck-sim.md and
 * --help), the "NAME PORT" lines and the ready file, and the run of the
 * loop until SIGTERM or SIGINT.
 */

#include <sys/resource.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sim.h"
#include "xalloc.h"

static const struct option_def {
	const char	*name;
	unsigned	 bit;
	const char	*want;		/* for error messages */
} option_defs[] = {
	{ "delay", O_DELAY, "milliseconds" },
	{ "mdelay", O_MDELAY, "milliseconds" },
	{ "p95", O_P95, "milliseconds, at most 120000" },
	{ "errors", O_ERRORS, "a percentage" },
	{ "style", O_STYLE, "json, ietf, spring or text" },
	{ "period", O_PERIOD, "a count from 1" },
	{ "to", O_TO, "a path or http(s) URL without blanks" },
	{ "loop", O_LOOP, "no value" },
	{ "size", O_SIZE, "bytes, with K/M/G, 0 for endless" },
};

static const char *const style_names[] = { "json", "ietf", "spring", "text" };

/* The many services of --many. */
struct many {
	const char	*spec;
	const char	*prefix;
	uint64_t	 n;
	uint64_t	 base;
};


/* --- Command line ----------------------------------------------------- */

/* Parses a decimal integer <= max, with K/M/G (1024-based) if suffix. */
static int
parse_u64(const char *s, uint64_t max, int suffix, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (suffix && *end != '\0' && end[1] == '\0') {
		switch (*end) {
		case 'k': case 'K': mult = 1ULL << 10; end++; break;
		case 'm': case 'M': mult = 1ULL << 20; end++; break;
		case 'g': case 'G': mult = 1ULL << 30; end++; break;
		}
	}
	if (*end != '\0' || v > max / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static int
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) ||
	    v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static void
usage(void)
{
	size_t i;

	printf("usage: opsdeck-sim [--host ADDR] [--ready-file PATH] "
	    "[--verbose] SPEC...\n"
	    "       opsdeck-sim [...] --many N [--behaviour B[,OPT...]] "
	    "[--base-port P] [--prefix NAME]\n\n"
	    "SPEC is NAME=BEHAVIOUR[,OPTION...]@PORT (PORT 0: any free port)."
	    "\nPrints \"NAME PORT\" per service once all listen; stops on "
	    "SIGTERM/SIGINT.\n\nBehaviours (GET/HEAD /health and /metrics):\n");
	for (i = 0; i < n_behaviours; i++)
		printf("  %-12s %s\n", behaviours[i].name, behaviours[i].help);
	printf("\nOptions of every behaviour: delay=MS (/health), "
	    "mdelay=MS (/metrics),\n  p95=MS (synthetic latency), "
	    "errors=PCT (synthetic 5xx share).\n"
	    "style=json|ietf|spring|text: body shape of health answers.\n"
	    "See docs/opsdeck-sim.md.\n");
}

/* Sets option o of p from val; -1 if val is not acceptable. */
static int
option_set(struct profile *p, const struct option_def *o, const char *val)
{
	size_t i;

	if ((o->bit == O_LOOP) != (val == NULL))
		return -1;
	switch (o->bit) {
	case O_DELAY:
		return parse_u64(val, 3600000, 0, &p->delay_ms);
	case O_MDELAY:
		return parse_u64(val, 3600000, 0, &p->mdelay_ms);
	case O_PERIOD:
		return parse_u64(val, 1000000, 0, &p->period) || !p->period;
	case O_SIZE:
		return parse_u64(val, UINT64_MAX, 1, &p->size);
	case O_P95:
		return parse_double(val, 0, 120000, &p->p95_ms);
	case O_ERRORS:
		return parse_double(val, 0, 100, &p->errors_pct);
	case O_LOOP:
		p->loop = 1;
		return 0;
	case O_TO:
		if (strlen(val) >= sizeof p->to || strpbrk(val, " \t\r\n") ||
		    (val[0] != '/' && strncmp(val, "http://", 7) != 0 &&
		    strncmp(val, "https://", 8) != 0))
			return -1;
		strcpy(p->to, val);
		return 0;
	case O_STYLE:
		for (i = 0; i < NITEMS(style_names); i++) {
			if (strcmp(val, style_names[i]) == 0) {
				p->style = (enum style)i;
				return 0;
			}
		}
		return -1;
	}
	return -1;
}

/* The behaviour named name with its defaults; ctx names it in errors. */
static const struct behaviour_def *
profile_start(const char *name, struct profile *p, const char *ctx)
{
	const struct behaviour_def *d = NULL;
	size_t i;

	for (i = 0; i < n_behaviours && d == NULL; i++)
		if (strcmp(name, behaviours[i].name) == 0)
			d = &behaviours[i];
	if (d == NULL)
		die(EXIT_USAGE, "%s: unknown behaviour '%s'", ctx, name);
	memset(p, 0, sizeof *p);
	p->b = (enum behaviour)(d - behaviours);
	p->delay_ms = d->delay_ms;
	p->mdelay_ms = d->mdelay_ms;
	p->period = d->period;
	p->size = 1ULL << 30;
	p->p95_ms = p->errors_pct = -1;
	strcpy(p->to, "/health/real");
	return d;
}

/* Parses BEHAVIOUR[,option...] into p; ctx names it in error messages. */
static void
profile_parse(const char *text, struct profile *p, const char *ctx)
{
	char *copy = xstrdup(text), *save = NULL, *tok, *val;
	const struct behaviour_def *d;
	const struct option_def *o;

	if ((tok = strtok_r(copy, ",", &save)) == NULL)
		die(EXIT_USAGE, "%s: no behaviour", ctx);
	d = profile_start(tok, p, ctx);
	while ((tok = strtok_r(NULL, ",", &save)) != NULL) {
		if ((val = strchr(tok, '=')) != NULL)
			*val++ = '\0';
		for (o = option_defs; o < option_defs + NITEMS(option_defs) &&
		    strcmp(tok, o->name) != 0; o++)
			;
		if (o == option_defs + NITEMS(option_defs))
			die(EXIT_USAGE, "%s: unknown option '%s'", ctx, tok);
		if (((O_COMMON | d->opts) & o->bit) == 0)
			die(EXIT_USAGE, "%s: option '%s' does not apply to %s",
			    ctx, tok, d->name);
		if (option_set(p, o, val) != 0)
			die(EXIT_USAGE, "%s: bad %s%s%s (want %s)", ctx, tok,
			    val ? "=" : "", val ? val : "", o->want);
	}
	free(copy);
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
	profile_parse(text, &s->p, arg);
	free(text);
}

/* Reads the options into sim and *many; returns the index of the first
 * SPEC. */
static int
options_parse(int argc, char **argv, struct many *many)
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H': sim.host = optarg; break;
		case 'r': sim.ready_file = optarg; break;
		case 'b': many->spec = optarg; break;
		case 'P': many->prefix = optarg; break;
		case 'v': sim.verbose = 1; break;
		case 'h': usage(); exit(0);
		case 'V': printf("opsdeck-sim %s\n", PACKAGE_VERSION); exit(0);
		case 'n':
			if (parse_u64(optarg, 60000, 0, &many->n) != 0)
				die(EXIT_USAGE, "bad --many '%s'", optarg);
			break;
		case 'p':
			if (parse_u64(optarg, 65535, 0, &many->base) != 0)
				die(EXIT_USAGE, "bad --base-port '%s'", optarg);
			break;
		default:
			die(EXIT_USAGE, "bad option");
		}
	}
	return optind;
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
	profile_parse(many->spec, &many_profile, "--behaviour");

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
	struct many many = { "healthy", "svc", 0, 0 };
	struct timespec ts;
	size_t i;
	int first, r;

	sim.host = "127.0.0.1";
	first = options_parse(argc, argv, &many);
	services_make(argv + first, (size_t)(argc - first), &many);

	signal(SIGPIPE, SIG_IGN);
	raise_nofile();
	sim.on_request = request_begin;
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
