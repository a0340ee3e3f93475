/*
 * One action write (spec §6.1): what the operator asked for, the statement
 * that does it in one guarded transaction (opsdeck.action_write, installed
 * by `opsdeck migrate`), and what the database answered, in words.
 *
 * The same request serves the cockpit's keys, the command line and the
 * journal's replay: it serializes to a JSON payload and back, so a write
 * replayed after a crash is the very write the operator made.
 *
 * Ownership: struct action_req and struct action_outcome own their
 * strings; action_req_free() and action_outcome_free() release them.
 */
#ifndef OPSDECK_ACTION_H
#define OPSDECK_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#define ACTION_ID_LEN	36	/* a UUID's text */

enum action_kind {
	ACTION_COMPLETE,
	ACTION_BLOCK,
	ACTION_START,
	ACTION_UNDO,
	ACTION_NKINDS
};

struct action_req {
	char		 id[ACTION_ID_LEN + 1];	/* unique; the audit's id */
	enum action_kind kind;
	char		*code;		/* the action's code: the pinned target */
	char		*operator;
	char		*now;		/* --now, or NULL: the server's clock */
	char		*seen;		/* the exact version seen, or NULL */
	char		*since;		/* --if-unmodified, or NULL */
	char		*hours;		/* complete: optional */
	char		*evidence;	/* complete: optional */
	char		*reason;	/* block: required */
	char		*undo_of;	/* undo: the id of the write undone */
	/* For the screen only, not sent: the status the row had when the
	 * key was pressed. */
	char		*seen_status;
};

enum action_result {
	ACTION_APPLIED,
	ACTION_DUPLICATE,	/* this id was handled before */
	ACTION_CONFLICT,
	ACTION_UNCHANGED,
	ACTION_NOT_FOUND,
	ACTION_REFUSED,		/* privilege, policy, read-only database */
	ACTION_INVALID,
	ACTION_FAILED		/* the database failed: try again */
};

struct action_outcome {
	enum action_result result;
	char		*before;	/* status before (or as found) */
	char		*after;		/* status now */
	char		*version;	/* the row's version now */
	char		*changed_by;	/* conflict: who changed it, if known */
	bool		 has_ago;
	double		 ago_s;		/* conflict: how long ago */
	char		*detail;	/* the database's reason, raw */
	/* duplicate: how the earlier handling of this id ended */
	enum action_result earlier;
};

const char	*action_kind_name(enum action_kind);	/* "complete", ... */
/* -1 for an unknown name. */
int		 action_kind_parse(const char *);
/* The status a kind leads to ("completed", ...), NULL for undo. */
const char	*action_kind_status(enum action_kind);
const char	*action_result_name(enum action_result);
/* -1 for an unknown name. */
int		 action_result_parse(const char *);

/* The schema's actual_hours is DECIMAL(5,2): a number from 0 to 999.99.
 * 0, or -1 with *cause (caller frees). */
int		 action_hours_check(const char *hours, char **cause);
/* A block needs a reason that is not blank. */
int		 action_reason_check(const char *reason, char **cause);
/* A fresh random id (RFC 4122 version 4 text); 0 or -1 when no random
 * bytes can be had. */
int		 action_new_id(char id[ACTION_ID_LEN + 1]);
/* What the operator reads: "ARCH-CLOUD-002 completed", "ARCH-CLOUD-002
 * was completed by Planning 12 s ago; nothing written".  Raw database
 * text included: sanitize before a terminal sees it.  Caller frees. */
char		*action_outcome_message(const struct action_req *,
		     const struct action_outcome *);

/* The journal's payload: JSON text, caller frees; and back (-1 with
 * *cause for a payload that is not a request). */
char		*action_req_to_json(const struct action_req *);
int		 action_req_from_json(struct action_req *, const char *json,
		     char **cause) __attribute__((warn_unused_result));
void		 action_req_copy(struct action_req *dst, const struct action_req *src);
void		 action_req_free(struct action_req *);
void		 action_outcome_free(struct action_outcome *);

#endif
