/*
 * The command runner (see proc.h).
 *
 * UV_PROCESS_DETACHED makes the child a session and process group leader
 * (setsid), so kill(-pid) reaches its children too: a deploy script that
 * runs `sleep 600` in a subshell must not outlive a cancel.  The exit is
 * reported once the process has exited AND both pipes are at EOF, so the
 * last lines of output are never lost behind the exit status; a child that
 * exits while a grandchild keeps the pipes open is waited for only until
 * the group is killed (the grandchild is in it).
 */
#include "autoconfig.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "xalloc.h"

extern char **environ;

#define PROC_READ_MAX	65536

struct proc_pipe {
	uv_pipe_t	 pipe;
	struct proc	*proc;
	enum proc_stream stream;
	bool		 open;
};

struct proc {
	uv_loop_t		*loop;
	struct proc_opts	 opts;
	uv_process_t		 process;
	struct proc_pipe	 out, err;
	uv_timer_t		 deadline;	/* timeout, then the grace */
	char			 buf[PROC_READ_MAX];
	char			**env;		/* owned */
	uint64_t		 started_ms;
	pid_t			 pid;
	bool			 exited;	/* the process has */
	bool			 reported;	/* on_exit was called */
	bool			 killing;	/* SIGTERM sent, SIGKILL next */
	bool			 closing;
	enum proc_end		 why;		/* what we did to it */
	struct proc_result	 result;
	int			 pending_closes;
};

static void	proc_maybe_report(struct proc *);

static char **
proc_env(char *const *extra)
{
	size_t n = 0, k = 0, i, out;
	char **env;

	while (environ[n] != NULL)
		n++;
	while (extra != NULL && extra[k] != NULL)
		k++;
	env = xcalloc(n + k + 1, sizeof *env);
	for (i = 0; i < k; i++)
		env[i] = xstrdup(extra[i]);
	out = k;
	/* A name given twice is read differently by different programs:
	 * the inherited value of a name we set is left out. */
	for (i = 0; i < n; i++) {
		size_t j, len = strcspn(environ[i], "=");
		bool ours = false;
		for (j = 0; j < k && !ours; j++)
			ours = strncmp(extra[j], environ[i], len) == 0 &&
			    extra[j][len] == '=';
		if (!ours)
			env[out++] = xstrdup(environ[i]);
	}
	return env;
}

static void
proc_env_free(char **env)
{
	size_t i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

static void
proc_group_signal(struct proc *p, int sig)
{
	if (p->pid > 0)
		kill(-p->pid, sig);
}

static void
proc_on_deadline(uv_timer_t *t)
{
	struct proc *p = t->data;
	uint64_t grace = (uint64_t)((p->opts.grace_s > 0 ? p->opts.grace_s : 5) * 1000);

	if (!p->killing) {
		/* command_timeout: end it as a cancel does */
		p->why = PROC_TIMED_OUT;
		p->killing = true;
		proc_group_signal(p, SIGTERM);
		uv_timer_start(&p->deadline, proc_on_deadline, grace, 0);
		return;
	}
	proc_group_signal(p, SIGKILL);
	/* A grandchild holding a pipe open is dead now too; stop waiting
	 * for EOF that might never come otherwise. */
	if (p->exited)
		proc_maybe_report(p);
}

static void
proc_pipe_done(struct proc_pipe *pp)
{
	if (!pp->open)
		return;
	pp->open = false;
	uv_read_stop((uv_stream_t *)&pp->pipe);
}

static void
proc_maybe_report(struct proc *p)
{
	if (p->reported || !p->exited)
		return;
	if ((p->out.open || p->err.open) && !p->killing)
		return;		/* the last output is still coming */
	proc_pipe_done(&p->out);
	proc_pipe_done(&p->err);
	p->reported = true;
	uv_timer_stop(&p->deadline);
	p->result.seconds = (double)(uv_now(p->loop) - p->started_ms) / 1000.0;
	p->pid = 0;
	if (p->opts.on_exit != NULL && !p->closing)
		p->opts.on_exit(p->opts.arg, &p->result);
}

static void
proc_on_exit(uv_process_t *h, int64_t status, int sig)
{
	struct proc *p = h->data;

	p->exited = true;
	p->result.exit_code = (int)status;
	p->result.term_signal = sig;
	if (p->why == PROC_TIMED_OUT || p->why == PROC_CANCELLED)
		p->result.end = p->why;
	else
		p->result.end = sig != 0 ? PROC_SIGNALED : PROC_EXITED;
	/* Whatever it left running in its group goes with it. */
	if (p->killing)
		proc_group_signal(p, SIGKILL);
	proc_maybe_report(p);
}

static void
proc_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct proc *p = ((struct proc_pipe *)h->data)->proc;

	(void)hint;
	buf->base = p->buf;
	buf->len = sizeof p->buf;
}

static void
proc_on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct proc_pipe *pp = s->data;
	struct proc *p = pp->proc;

	if (n > 0 && p->opts.on_output != NULL && !p->closing && !p->reported)
		p->opts.on_output(p->opts.arg, pp->stream, buf->base, (size_t)n);
	if (n < 0) {
		proc_pipe_done(pp);
		proc_maybe_report(p);
	}
}

static void
proc_on_closed(uv_handle_t *h)
{
	struct proc *p = h->type == UV_NAMED_PIPE ?
	    ((struct proc_pipe *)h->data)->proc : h->data;

	if (--p->pending_closes > 0)
		return;
	proc_env_free(p->env);
	free(p);
}

static void
proc_close_handles(struct proc *p)
{
	p->closing = true;
	p->pending_closes = 4;
	uv_close((uv_handle_t *)&p->process, proc_on_closed);
	uv_close((uv_handle_t *)&p->out.pipe, proc_on_closed);
	uv_close((uv_handle_t *)&p->err.pipe, proc_on_closed);
	uv_close((uv_handle_t *)&p->deadline, proc_on_closed);
}

int
proc_start(uv_loop_t *loop, const struct proc_opts *o, struct proc **out,
    char **cause)
{
	uv_process_options_t po;
	uv_stdio_container_t stdio[3];
	struct proc *p;
	int rc;

	p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->opts = *o;
	p->env = proc_env(o->env_extra);
	p->out.proc = p->err.proc = p;
	p->out.stream = PROC_STDOUT;
	p->err.stream = PROC_STDERR;
	uv_pipe_init(loop, &p->out.pipe, 0);
	uv_pipe_init(loop, &p->err.pipe, 0);
	p->out.pipe.data = &p->out;
	p->err.pipe.data = &p->err;
	uv_timer_init(loop, &p->deadline);
	p->deadline.data = p;
	p->process.data = p;

	memset(&po, 0, sizeof po);
	/* stdin: /dev/null (libuv opens it for UV_IGNORE) */
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&p->out.pipe;
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&p->err.pipe;
	po.file = o->argv[0];
	po.args = (char **)o->argv;
	po.env = p->env;
	po.stdio = stdio;
	po.stdio_count = 3;
	po.exit_cb = proc_on_exit;
	po.flags = UV_PROCESS_DETACHED;
	rc = uv_spawn(loop, &p->process, &po);
	if (rc != 0) {
		*cause = xasprintf("%s: %s", o->argv[0], uv_strerror(rc));
		/* a failed uv_spawn still leaves the process handle to close */
		proc_close_handles(p);
		return -1;
	}
	p->pid = p->process.pid;
	p->started_ms = uv_now(loop);
	p->out.open = p->err.open = true;
	uv_read_start((uv_stream_t *)&p->out.pipe, proc_alloc, proc_on_read);
	uv_read_start((uv_stream_t *)&p->err.pipe, proc_alloc, proc_on_read);
	if (o->timeout_s > 0)
		uv_timer_start(&p->deadline, proc_on_deadline,
		    (uint64_t)(o->timeout_s * 1000), 0);
	*out = p;
	return 0;
}

void
proc_cancel(struct proc *p)
{
	uint64_t grace = (uint64_t)((p->opts.grace_s > 0 ? p->opts.grace_s : 5) * 1000);

	if (p->reported || p->killing)
		return;
	p->why = PROC_CANCELLED;
	p->killing = true;
	proc_group_signal(p, SIGTERM);
	uv_timer_start(&p->deadline, proc_on_deadline, grace, 0);
}

bool
proc_running(const struct proc *p)
{
	return !p->reported;
}

pid_t
proc_pid(const struct proc *p)
{
	return p->pid;
}

void
proc_close(struct proc *p)
{
	if (!p->exited)
		proc_group_signal(p, SIGKILL);
	proc_close_handles(p);
}
