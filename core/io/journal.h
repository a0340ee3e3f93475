/*
 * The offline write journal (spec §6.1, docs/journal.md).
 *
 * A write that cannot reach the database is appended here as one record
 * and made durable (write, fsync) before the caller may call it "pending".
 * When the database returns, the caller replays the pending records in
 * append order and marks each one done once its transaction committed (or
 * was definitively refused); when none is left pending the file is
 * emptied.  Each record carries the caller's unique id, its length and a
 * CRC-32, so a record torn by a crash is found and dropped at the next
 * open, never misread.
 *
 * Synchronous, plain POSIX: meant for the libuv thread pool, one call at a
 * time per journal (no locking inside, no global state, no libuv).
 * One journal per user at a time: journal_open takes an exclusive flock on
 * "PATH.lock" without waiting, and answers JOURNAL_BUSY when another
 * cockpit has it.  flock belongs to an open file description, so a second
 * journal_open of the same path conflicts even within one process.
 *
 * Ownership: the caller owns the struct journal returned by journal_open
 * until journal_close(), which releases the lock.  The array of entries
 * journal_open returns belongs to the caller (journal_entries_free).
 * Causes are heap strings the caller frees; nothing here prints.
 */
#ifndef OPSDECK_JOURNAL_H
#define OPSDECK_JOURNAL_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

/* An id is 1 to JOURNAL_ID_LEN bytes of printable ASCII without spaces
 * (0x21-0x7e), e.g. a UUID's 36 characters. */
#define JOURNAL_ID_LEN		64
/* A payload longer than this is refused by journal_append, and a length
 * field larger than this in the file is corruption, never an allocation. */
#define JOURNAL_PAYLOAD_MAX	(1024 * 1024)

/* journal_open: another process (or another open in this one) holds it. */
#define JOURNAL_BUSY		1

struct journal;

/* One write still to replay.  Owns payload. */
struct journal_entry {
	char	 id[JOURNAL_ID_LEN + 1];
	char	*payload;	/* len bytes and a NUL, for convenience */
	size_t	 len;
};

/* What journal_open found unreadable at the end of the file and cut off. */
struct journal_damage {
	bool		 torn;		/* false: the file was whole */
	long long	 offset;	/* where the bad record starts */
	long long	 dropped_bytes;	/* from there to the end of the file */
	char		 reason[128];	/* "checksum mismatch", "record cut short", ... */
};

/* $XDG_STATE_HOME/opsdeck/journal (an absolute XDG_STATE_HOME only), else
 * $HOME/.local/state/opsdeck/journal.  Caller frees; NULL with *cause when
 * neither is usable. */
char	*journal_default_path(char **cause);

/*
 * Creates the missing directories (0700, parents included) and the file
 * (0600), takes the lock, reads every record, cuts a torn or corrupt tail
 * off the file (told in *damage; the good records before it are kept) and
 * returns in *pending the writes not yet done, in append order (NULL when
 * none).  A file holding only done records is emptied.
 *
 * Returns 0; JOURNAL_BUSY with *holder_pid (0 when not knowable) and a
 * *cause to show; or -1 with *cause, the file left as it was, when the
 * journal cannot be used: a system call failed, the file is not a regular
 * file, its first record is of a newer format, or its records contradict
 * each other (an id written twice, a done record for no write).
 */
int	 journal_open(const char *path, struct journal **,
	     struct journal_entry **pending, size_t *npending,
	     struct journal_damage *damage, pid_t *holder_pid, char **cause)
	     __attribute__((warn_unused_result));

/*
 * Appends one write record (one write(2) of the whole record, O_APPEND)
 * and fsyncs the file; 0 once it is durable, else -1 with *cause.
 * payload may be NULL when len is 0.  The id must be new to the file:
 * pending or done, an id already in it is refused.  A failed write is cut
 * back off the file and leaves the journal usable.  A failed fsync breaks
 * the journal for good ("fsyncgate": a retried fsync can succeed without
 * the data being safe): this and every later call fail with the first
 * cause, and the record may or may not be found by the next journal_open.
 */
int	 journal_append(struct journal *, const char *id, const void *payload,
	     size_t len, char **cause) __attribute__((warn_unused_result));

/*
 * Records that the pending write id was applied (or definitively refused)
 * so that it is never replayed again: a done record, fsync'd.  When no
 * write is left pending, the file is emptied (ftruncate, fsync).  -1 with
 * *cause for an id that is not pending, or as journal_append.  When only
 * the emptying failed, the id is done all the same (its record is
 * durable, journal_pending_count no longer counts it) and the next
 * journal_open empties the file.
 */
int	 journal_mark_done(struct journal *, const char *id, char **cause)
	     __attribute__((warn_unused_result));

/* Writes in the file not yet marked done. */
size_t	 journal_pending_count(const struct journal *);

/* Frees the n entries and the array; NULL is fine. */
void	 journal_entries_free(struct journal_entry *, size_t n);

/* Closes the files, which releases the lock, and frees the journal.  The
 * lock file stays: removing it would let two cockpits lock two files. */
void	 journal_close(struct journal *);

#endif
