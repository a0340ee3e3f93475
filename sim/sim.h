/*
 * opsdeck-sim: a small HTTP/1.1 server that plays any number of services on
 * loopback ports, each with a scripted behaviour (healthy, slow, flapping,
 * hanging, hostile, ...), for opsdeck's integration tests, benchmarks and
 * demo.  Usage is in docs/opsdeck-sim.md and in --help.
 *
 * Model.  One libuv loop.  Each service (struct svc) owns one listening
 * socket and its own Prometheus counters.  Each accepted connection
 * (struct conn) owns its uv_tcp_t, one uv_timer_t for delayed answers and
 * the request buffer; it handles one request at a time (keep-alive, no
 * pipelining needed) and moves through enum conn_state.  Every answer that
 * is not /metrics is recorded in the service's counters, so what /metrics
 * shows is what the sim really served.
 *
 * Files, one job each: main.c the command line and the ready file;
 * profile.c behaviour specs and numbers; http-server.c listeners,
 * connections, requests and the writing of answers; behaviours.c what each
 * behaviour answers; control.c the endpoint that switches a behaviour at
 * run time; metrics.c the counters behind /metrics; client.c and tools.c
 * the one-shot commands (--set, --sleep, --exit, --flood, --spawn-sleeper,
 * --ignore-term), which run without the loop.
 */
#ifndef OPSDECK_SIM_H
#define OPSDECK_SIM_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#define HEAD_MAX	(16 * 1024)	/* request head cap; beyond it: 431 */
#define CHUNK_SIZE	(64 * 1024)	/* one write of the huge body */
#define MAX_CODES	16		/* distinct status codes per service */
#define NAME_MAX_LEN	63
#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define EXIT_USAGE	2
#define CONTROL_PATH	"/_sim/behaviour"
#define CONTROL_BODY_MAX 1024		/* a spec is short; more is refused */

enum behaviour {
	B_HEALTHY, B_SLOW, B_FLAPPING, B_BURST5XX, B_WARN, B_DOWN, B_FAILING,
	B_HANGING, B_GARBAGE, B_HUGE, B_REDIRECT, B_SLOWMETRICS, B_RESET
};

/* Behaviour options, as bits so each behaviour can list what it accepts. */
#define O_DELAY		0x001
#define O_MDELAY	0x002
#define O_P95		0x004
#define O_ERRORS	0x008
#define O_STYLE		0x010
#define O_PERIOD	0x020
#define O_TO		0x040
#define O_LOOP		0x080
#define O_SIZE		0x100
#define O_STATUS	0x200
#define O_COMMON	(O_DELAY | O_MDELAY | O_P95 | O_ERRORS)

struct behaviour_def {
	const char	*name;
	unsigned	 opts;		/* accepted besides O_COMMON */
	unsigned	 delay_ms;	/* default delay of /health */
	unsigned	 mdelay_ms;	/* default delay of /metrics */
	unsigned	 period;	/* default period (flapping, burst5xx) */
	const char	*help;
};
/* Indexed by enum behaviour. */
extern const struct behaviour_def behaviours[];
extern const size_t n_behaviours;

enum style { STYLE_JSON, STYLE_IETF, STYLE_SPRING, STYLE_TEXT };

/* A parsed BEHAVIOUR[,option...]; a plain value copied into each service. */
struct profile {
	enum behaviour	 b;
	enum style	 style;
	uint64_t	 delay_ms;	/* /health (and redirect target) */
	uint64_t	 mdelay_ms;	/* /metrics */
	uint64_t	 size;		/* huge: body bytes, 0 = endless */
	uint64_t	 period;
	int		 status;	/* failing: the HTTP status */
	int		 loop;
	double		 p95_ms;	/* < 0: no synthetic latency */
	double		 errors_pct;	/* < 0: no synthetic 5xx */
	char		 to[256];
};

/* Histogram bounds: the standard ones, three more for a p95 above 10 s. */
#define NB_MAX		14

/* Per-service counters behind /metrics; part of its struct svc. */
struct metrics {
	int		 ncodes;
	int		 codes[MAX_CODES];	/* sorted ascending */
	uint64_t	 code_n[MAX_CODES];
	int		 nbounds;
	uint64_t	 bucket[NB_MAX + 1];	/* not cumulative */
	double		 sum;
	uint64_t	 count;
	uint64_t	 since_total;	/* real answers since the last scrape */
	uint64_t	 since_5xx;
	uint64_t	 scrapes;
};

/* One simulated service; lives in sim.svcs for the whole run. */
struct svc {
	char		 name[NAME_MAX_LEN + 1];
	struct profile	 p;
	int		 port;
	int		 listening;
	uv_tcp_t	 listener;
	uint64_t	 health_hits;
	unsigned	 nconns;
	struct metrics	 m;
};

enum conn_state {
	CS_READING,	/* waiting for a complete request head */
	CS_BODY,	/* waiting for the rest of a control request's body */
	CS_DELAYING,	/* timer running before the answer */
	CS_WRITING,	/* answer being written */
	CS_STREAMING,	/* huge body being written chunk by chunk */
	CS_HANGING,	/* never answering */
	CS_CLOSING	/* shutdown or close under way */
};

/* The control routes come last: route_is_control relies on it. */
enum route {
	R_HEALTH, R_METRICS, R_TARGET, R_NOT_FOUND, R_BAD_METHOD,
	R_BAD_REQUEST, R_TOO_LARGE,
	R_CONTROL,		/* PUT or POST CONTROL_PATH, body read */
	R_CONTROL_METHOD,	/* another method on CONTROL_PATH */
	R_CONTROL_NO_LENGTH,	/* a body without Content-Length */
	R_CONTROL_TOO_LARGE	/* a body over CONTROL_BODY_MAX */
};
#define route_is_control(r)	((r) >= R_CONTROL)
/* For the log, indexed by enum route (http-server.c). */
extern const char *const route_names[];

/*
 * One client connection.  Created by on_connection, linked in sim.conns
 * until conn_close, freed by the last of its two close callbacks.
 */
struct conn {
	uv_tcp_t	 tcp;
	uv_timer_t	 timer;
	uv_write_t	 stream_req;	/* the one huge-body write in flight */
	uv_shutdown_t	 shutdown_req;
	struct svc	*svc;
	struct conn	*prev, *next;
	enum conn_state	 state;
	int		 closed;	/* conn_close has run */
	int		 pending;	/* close callbacks still to come */
	int		 reset;		/* close with RST */
	/* The request being answered. */
	enum route	 route;
	int		 head_only;
	int		 keep_alive;
	int		 http10;
	uint64_t	 t_start;	/* uv_hrtime at request */
	uint64_t	 discard;	/* request body bytes still to skip */
	int		 unframed;	/* a body without Content-Length */
	size_t		 body_len;	/* R_CONTROL: its body is buf[0..n) */
	/* Huge body. */
	int		 chunked;
	int		 endless;
	uint64_t	 left;
	char		 chunk_hdr[24];
	size_t		 len;
	char		 buf[HEAD_MAX];
};

/* The process: one of it, in main.c.  Owns svcs (sim_free, once the loop
 * is closed); the connections free themselves as they close. */
struct sim {
	uv_loop_t	 loop;
	uv_signal_t	 sigterm, sigint;
	struct svc	*svcs;		/* owned */
	size_t		 nsvc;
	struct conn	*conns;
	const char	*host;
	const char	*ready_file;
	int		 verbose;
	int		 stopping;
	double		 start_time;	/* wall clock, for the gauge */
	uint64_t	 start_hr;	/* uv_hrtime at start, for uptime */
	/* What answers a request, set by main.c: the HTTP side knows how to
	 * read and write, not what to say, so it does not call the
	 * behaviours itself. */
	void		(*on_request)(struct conn *);
	int		(*redirect_target)(const struct profile *,
			    const char *path, size_t n);
};
extern struct sim sim;

/* The one-shot commands: what the options asked, run by tools_run in this
 * order: sleep, set, flood, spawn-sleeper, then the exit status. */
struct tools {
	int		 any;		/* a one-shot option was given */
	double		 sleep_s;	/* --sleep; 0: none */
	const char	*set;		/* --set: the spec to send, or NULL */
	uint64_t	 port;		/* --port */
	int		 has_port;
	uint64_t	 flood;		/* --flood: bytes to write */
	int		 has_flood;
	double		 sleeper_s;	/* --spawn-sleeper */
	int		 has_sleeper;
	int		 ignore_term;	/* --ignore-term */
	int		 exit_status;	/* --exit */
	int		 has_exit;
};

/* sim.c */
/* Exits with status after a message; EXIT_USAGE adds a pointer to --help. */
void	die(int, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
/* One line on stderr with --verbose, nothing without. */
void	vlog(const char *, ...) __attribute__((format(printf, 1, 2)));

/* http-server.c */
void	server_init(void);
/* Binds and listens; the port is read back, so port 0 works. */
void	svc_listen(struct svc *);
/* Closes every handle so that uv_run returns. */
void	sim_stop(void);
void	conn_close(struct conn *);
/* An answer of len bytes of body (none for HEAD), counted unless it is a
 * scrape; extra is more header lines, each ending in CRLF, or NULL. */
void	respond(struct conn *, int code, const char *ctype, const char *extra,
	    const char *body, size_t len);
void	respond_text(struct conn *, int code, const char *extra,
	    const char *text);
/* Starts the huge answer of the service's size, chunk by chunk. */
void	stream_start(struct conn *);

/* profile.c */
/* Parses BEHAVIOUR[,OPTION...] into p; -1 with a one-line reason in err
 * (p then holds nothing useful). */
int	profile_parse(const char *text, struct profile *p, char *err,
	    size_t errlen);
/* A decimal integer <= max, with K/M/G (powers of 1024) if suffix. */
int	parse_u64(const char *s, uint64_t max, int suffix, uint64_t *out);
/* A finite decimal number in [lo, hi]. */
int	parse_double(const char *s, double lo, double hi, double *out);

/* control.c */
/* Every request: the control path is answered whatever the behaviour (a
 * hanging service can be switched back), the rest by request_begin. */
void	request_dispatch(struct conn *);

/* client.c */
/* Sends spec to the control endpoint of host:port; prints the answer
 * line; 0 on a 200 answer, 1 otherwise. */
int	control_send(const char *host, int port, const char *spec);

/* tools.c */
/* Runs the one-shot commands; returns the exit status. */
int	tools_run(const struct tools *, const char *host);

/* behaviours.c */
/* A complete request head was read: hang, reset, wait or answer. */
void	request_begin(struct conn *);
/* Whether path[0..n) is the redirect target that this service serves. */
int	is_redirect_target(const struct profile *, const char *path, size_t n);

/* metrics.c */
struct buf;
/* The series exist at once; a p95 above 10 s takes the wide bounds. */
void	metrics_init(struct metrics *, double p95_ms);
/* Records one real answer (not a /metrics scrape). */
void	metrics_record(struct metrics *, int code, double secs);
/* A scrape of s into b: the synthetic series its profile asks for are
 * added first, then every series is written as exposition text. */
void	metrics_scrape(struct svc *s, struct buf *b);
/* A new profile for the same counters: they keep counting; what depends on
 * the profile (the burst's growth, the histogram's bounds) follows it. */
void	metrics_switch(struct metrics *, const struct profile *);

#endif
