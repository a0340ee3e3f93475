/*
 * A command run on the loop (spec §6.3): an argument vector started with
 * uv_spawn, never through a shell; in a process group of its own, so that
 * a cancel or a timeout reaches everything it started; stdin from
 * /dev/null; stdout and stderr read as they come and handed over in
 * chunks, never accumulated here.  A timeout or a cancel sends SIGTERM to
 * the group and SIGKILL after a grace period.
 *
 * Ownership: the caller owns the struct proc from proc_start until
 * proc_close; on_exit is called exactly once (also for a cancel or a
 * timeout), after which the output callbacks are not called again.
 */
#ifndef OPSDECK_PROC_H
#define OPSDECK_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <uv.h>

enum proc_end {
	PROC_EXITED,		/* exit_code */
	PROC_SIGNALED,		/* term_signal, not sent by us */
	PROC_TIMED_OUT,		/* command_timeout passed: the group was ended */
	PROC_CANCELLED		/* proc_cancel */
};

struct proc_result {
	enum proc_end	 end;
	int		 exit_code;	/* PROC_EXITED */
	int		 term_signal;	/* the signal that ended it, 0 if none */
	double		 seconds;	/* how long it ran */
};

enum proc_stream { PROC_STDOUT = 1, PROC_STDERR = 2 };

/* Raw bytes as they arrive (any encoding, any control bytes). */
typedef void (*proc_output_cb)(void *arg, enum proc_stream, const char *data,
    size_t len);
typedef void (*proc_exit_cb)(void *arg, const struct proc_result *);

struct proc_opts {
	char *const	*argv;		/* argv[0] is looked up in PATH */
	char *const	*env_extra;	/* "NAME=value", NULL-terminated, or NULL */
	double		 timeout_s;	/* 0: none */
	double		 grace_s;	/* SIGTERM to SIGKILL; 0: 5 s */
	proc_output_cb	 on_output;
	proc_exit_cb	 on_exit;
	void		*arg;
};

struct proc;

/* 0, or -1 with *cause (caller frees): the program cannot be started
 * (not found, not executable); on_exit is then not called. */
int	proc_start(uv_loop_t *, const struct proc_opts *, struct proc **,
	    char **cause) __attribute__((warn_unused_result));
/* SIGTERM to the group now, SIGKILL after the grace period; on_exit comes
 * with PROC_CANCELLED.  Nothing once it has ended. */
void	proc_cancel(struct proc *);
bool	proc_running(const struct proc *);
/* The process (and process group) id; 0 once it has ended. */
pid_t	proc_pid(const struct proc *);
/* Frees the proc once its handles are closed; a running one is killed
 * (the group, SIGKILL) first, and on_exit is not called. */
void	proc_close(struct proc *);

#endif
