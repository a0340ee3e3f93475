/*
 * The offline write journal (see journal.h; the format is docs/journal.md).
 *
 * The file is a log of records, each framed by a magic, its lengths and a
 * CRC-32 of everything before the CRC.  Reading stops at the first record
 * that is cut short or does not check out: nothing after it can be trusted
 * to start where it seems to, so the file is cut there and later appends
 * land on a record boundary again (LevelDB's log and SQLite's WAL drop a
 * torn tail the same way).
 *
 * strerror is not thread-safe and this code runs on the thread pool, hence
 * strerror_r (the GNU one: autoconfig.h defines _GNU_SOURCE).
 */
#include "autoconfig.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "journal.h"
#include "xalloc.h"

#define MAGIC		"ODJ1"		/* opsdeck journal, format 1 */
#define MAGIC_LEN	4
#define TYPE_WRITE	'W'
#define TYPE_DONE	'D'
#define HEAD_LEN	(MAGIC_LEN + 1 + 1)	/* magic, type, id length */
#define LEN_FIELD	4
#define CRC_LEN		4
/* Everything of a record up to its payload. */
#define FIXED_MAX	(HEAD_LEN + JOURNAL_ID_LEN + LEN_FIELD)

/* A write record of the file, pending until its done record. */
struct journal_write {
	char	id[JOURNAL_ID_LEN + 1];
	bool	done;
};

struct journal {
	char			*path;
	int			 fd;		/* the journal, O_APPEND */
	int			 lock_fd;	/* PATH.lock, flock'd */
	off_t			 size;		/* bytes of good records */
	struct journal_write	*writes;	/* in file order */
	size_t			 nwrites;
	size_t			 capwrites;
	size_t			 npending;
	char			*broken;	/* the first fsync failure */
};

/* A record as read from the file.  Owns payload. */
struct record {
	char	 type;
	char	 id[JOURNAL_ID_LEN + 1];
	char	*payload;
	size_t	 len;
	size_t	 size;		/* its bytes in the file */
};

/* The pending writes found while reading, in file order. */
struct entry_list {
	struct journal_entry	*v;
	size_t			 n;
	size_t			 cap;
};

enum read_result {
	READ_GOOD,
	READ_BAD,		/* the readable journal ends here */
	READ_FAILED		/* a system call failed */
};

/* ---- small helpers ------------------------------------------------------ */

static char *
sys_cause(const char *path, const char *doing, int err)
{
	char	buf[128];

	return xasprintf("%s: %s: %s", path, doing,
	    strerror_r(err, buf, sizeof buf));
}

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static bool
id_valid(const char *id, size_t len)
{
	size_t	i;

	if (len == 0 || len > JOURNAL_ID_LEN)
		return false;
	for (i = 0; i < len; i++) {
		if ((unsigned char)id[i] < 0x21 || (unsigned char)id[i] > 0x7e)
			return false;
	}
	return true;
}

/* The folder holding path: "." when it names none. */
static char *
dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Reads n bytes at off, fewer only at the end of the file; -1 on error.
 * errno is EIO after a short read, for a file that shrank under us. */
static ssize_t
read_at(int fd, void *buf, size_t n, off_t off)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		r = pread(fd, (char *)buf + got, n - got, off + (off_t)got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0) {
			errno = EIO;
			break;
		}
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* One write(2) of the record, continued after a short write. */
static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	r;

	while (n > 0) {
		r = write(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0) {
			errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * A new name in a directory is durable only once the directory is
 * fsync'd.  Some file systems cannot fsync a directory at all (EINVAL);
 * there is nothing more to do on them, as PostgreSQL also concludes.
 */
static int
fsync_dir(const char *dir, char **cause)
{
	int	fd, err;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = sys_cause(dir, "cannot open directory", errno);
		return -1;
	}
	if (fsync(fd) == -1 && errno != EINVAL) {
		err = errno;
		close(fd);
		*cause = sys_cause(dir, "cannot fsync directory", err);
		return -1;
	}
	close(fd);
	return 0;
}

/* mkdir -p, each new directory 0700 and fsync'd into its parent. */
static int
make_dirs(const char *dir, char **cause)
{
	char		*p, *cur = xstrdup(dir), *parent;
	struct stat	 st;
	bool		 last = false;
	int		 rv = -1;

	for (p = cur + 1; !last; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (mkdir(cur, 0700) == 0) {
			parent = dir_of(cur);
			rv = fsync_dir(parent, cause);
			free(parent);
			if (rv == -1)
				goto out;
		} else if (errno != EEXIST) {
			*cause = sys_cause(cur, "cannot create directory",
			    errno);
			goto out;
		} else if (stat(cur, &st) == -1 || !S_ISDIR(st.st_mode)) {
			*cause = sys_cause(cur, "cannot use as a directory",
			    errno == EEXIST ? ENOTDIR : errno);
			goto out;
		}
		if (!last)
			*p = '/';
	}
	rv = 0;
out:
	free(cur);
	return rv;
}

/*
 * Opens (creating, 0600, when missing) a regular file.  Non-blocking
 * until its type is known: opening a FIFO or a device could wait or have
 * side effects.  *created says whether this call made it.
 */
static int
open_regular(const char *path, int flags, bool *created, char **cause)
{
	struct stat	st;
	int		fd, fl;

	*created = false;
	flags |= O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	fd = open(path, flags);
	if (fd == -1 && errno == ENOENT) {
		fd = open(path, flags | O_CREAT | O_EXCL, 0600);
		*created = fd != -1;
	}
	if (fd == -1) {
		*cause = sys_cause(path, "cannot open", errno);
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: cannot use: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		*cause = sys_cause(path, "cannot open", errno);
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- the lock ------------------------------------------------------------ */

/* The pid the holder wrote into the lock file, 0 when there is none yet. */
static pid_t
lock_holder(int lock_fd)
{
	char	 buf[24], *end;
	ssize_t	 n;
	long	 pid;

	n = read_at(lock_fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || *end != '\n' || pid <= 0 ||
	    (pid_t)pid != pid)
		return 0;
	return (pid_t)pid;
}

/* Only for the message of the cockpit that finds the journal busy: a
 * failure here costs nothing but that message's pid. */
static void
lock_write_holder(int lock_fd)
{
	char	buf[24];
	int	n;

	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(lock_fd, 0) == -1 ||
	    pwrite(lock_fd, buf, (size_t)n, 0) != n)
		return;		/* the busy message will name no process */
}

/*
 * flock, not fcntl: an fcntl lock belongs to the process and vanishes
 * when any descriptor of the file is closed, and another open in the same
 * process would not conflict.  A separate lock file, because the journal
 * itself is truncated and must hold nothing but records.
 */
static int
lock_take(struct journal *j, pid_t *holder_pid, char **cause)
{
	char	*lock_path = xasprintf("%s.lock", j->path);
	bool	 created;
	int	 rv;

	j->lock_fd = open_regular(lock_path, 0, &created, cause);
	if (j->lock_fd == -1) {
		free(lock_path);
		return -1;
	}
	while ((rv = flock(j->lock_fd, LOCK_EX | LOCK_NB)) == -1 &&
	    errno == EINTR)
		/* again */;
	if (rv == -1 && errno == EWOULDBLOCK) {
		*holder_pid = lock_holder(j->lock_fd);
		if (*holder_pid != 0)
			*cause = xasprintf("%s: in use by process %ld",
			    j->path, (long)*holder_pid);
		else
			*cause = xasprintf("%s: in use by another process",
			    j->path);
		free(lock_path);
		return JOURNAL_BUSY;
	}
	if (rv == -1) {
		*cause = sys_cause(lock_path, "cannot lock", errno);
		free(lock_path);
		return -1;
	}
	lock_write_holder(j->lock_fd);
	free(lock_path);
	return 0;
}

/* ---- records ------------------------------------------------------------- */

static uint32_t
crc_of(const unsigned char *p, size_t n, uint32_t crc)
{
	return (uint32_t)crc32(crc, p, (uInt)n);
}

/* The whole record, ready for one write(2).  Caller frees. */
static unsigned char *
record_encode(char type, const char *id, const void *payload, size_t len,
    size_t *size)
{
	size_t		 idlen = strlen(id);
	unsigned char	*rec, *p;

	*size = HEAD_LEN + idlen + LEN_FIELD + len + CRC_LEN;
	p = rec = xmalloc(*size);
	memcpy(p, MAGIC, MAGIC_LEN);
	p += MAGIC_LEN;
	*p++ = (unsigned char)type;
	*p++ = (unsigned char)idlen;
	memcpy(p, id, idlen);
	p += idlen;
	put_u32(p, (uint32_t)len);
	p += LEN_FIELD;
	if (len > 0)
		memcpy(p, payload, len);
	p += len;
	put_u32(p, crc_of(rec, (size_t)(p - rec), crc32(0L, Z_NULL, 0)));
	return rec;
}

static enum read_result
record_bad(char *reason, size_t reasonsz, const char *why)
{
	snprintf(reason, reasonsz, "%s", why);
	return READ_BAD;
}

/* The magic, type and id of the record in fixed[0..n), up to its length
 * field; READ_BAD with the reason when they do not hold. */
static enum read_result
record_check_head(const unsigned char *fixed, size_t n, char *reason,
    size_t reasonsz)
{
	unsigned	idlen;

	if (memcmp(fixed, MAGIC, n < MAGIC_LEN ? n : MAGIC_LEN) != 0)
		return record_bad(reason, reasonsz, "bad magic");
	if (n < HEAD_LEN)
		return record_bad(reason, reasonsz, "record cut short");
	if (fixed[MAGIC_LEN] != TYPE_WRITE && fixed[MAGIC_LEN] != TYPE_DONE) {
		snprintf(reason, reasonsz, "unknown record type 0x%02x",
		    fixed[MAGIC_LEN]);
		return READ_BAD;
	}
	idlen = fixed[MAGIC_LEN + 1];
	if (idlen == 0 || idlen > JOURNAL_ID_LEN) {
		snprintf(reason, reasonsz, "bad id length %u", idlen);
		return READ_BAD;
	}
	if (n < HEAD_LEN + idlen + LEN_FIELD)
		return record_bad(reason, reasonsz, "record cut short");
	return READ_GOOD;
}

/*
 * Reads the record at off, with avail bytes of file from there.  Every
 * length is judged before anything is allocated for it, and the payload
 * is read only when the file holds all of it.
 */
static enum read_result
record_read(int fd, off_t off, off_t avail, struct record *rec,
    char *reason, size_t reasonsz)
{
	unsigned char	 fixed[FIXED_MAX], *body;
	size_t		 n, idlen, fixedlen;
	uint32_t	 len, crc;
	enum read_result rv;
	int		 err;

	memset(rec, 0, sizeof *rec);
	n = avail < (off_t)sizeof fixed ? (size_t)avail : sizeof fixed;
	if (read_at(fd, fixed, n, off) != (ssize_t)n)
		return READ_FAILED;
	if ((rv = record_check_head(fixed, n, reason, reasonsz)) != READ_GOOD)
		return rv;
	idlen = fixed[MAGIC_LEN + 1];
	fixedlen = HEAD_LEN + idlen + LEN_FIELD;
	len = get_u32(fixed + HEAD_LEN + idlen);
	if (fixed[MAGIC_LEN] == TYPE_DONE && len != 0)
		return record_bad(reason, reasonsz, "done record with a payload");
	if (len > JOURNAL_PAYLOAD_MAX) {
		snprintf(reason, reasonsz, "payload length %lu over the limit "
		    "of %d", (unsigned long)len, JOURNAL_PAYLOAD_MAX);
		return READ_BAD;
	}
	if ((off_t)(fixedlen + len + CRC_LEN) > avail)
		return record_bad(reason, reasonsz, "record cut short");

	body = xmalloc((size_t)len + CRC_LEN + 1);
	if (read_at(fd, body, (size_t)len + CRC_LEN, off + (off_t)fixedlen) !=
	    (ssize_t)(len + CRC_LEN)) {
		err = errno;
		free(body);
		errno = err;
		return READ_FAILED;
	}
	crc = crc_of(fixed, fixedlen, crc32(0L, Z_NULL, 0));
	crc = crc_of(body, len, crc);
	if (crc != get_u32(body + len)) {
		free(body);
		return record_bad(reason, reasonsz, "checksum mismatch");
	}
	if (!id_valid((const char *)fixed + HEAD_LEN, idlen)) {
		free(body);
		return record_bad(reason, reasonsz, "bad id");
	}
	body[len] = '\0';
	rec->type = (char)fixed[MAGIC_LEN];
	memcpy(rec->id, fixed + HEAD_LEN, idlen);
	rec->id[idlen] = '\0';
	rec->payload = (char *)body;
	rec->len = len;
	rec->size = fixedlen + len + CRC_LEN;
	return READ_GOOD;
}

/* ---- the journal's memory ------------------------------------------------ */

static struct journal_write *
write_find(struct journal *j, const char *id)
{
	size_t	i;

	for (i = 0; i < j->nwrites; i++) {
		if (strcmp(j->writes[i].id, id) == 0)
			return &j->writes[i];
	}
	return NULL;
}

static void
write_add(struct journal *j, const char *id)
{
	struct journal_write	*w;

	if (j->nwrites == j->capwrites) {
		j->capwrites = j->capwrites == 0 ? 16 : j->capwrites * 2;
		j->writes = xreallocarray(j->writes, j->capwrites,
		    sizeof *j->writes);
	}
	w = &j->writes[j->nwrites++];
	snprintf(w->id, sizeof w->id, "%s", id);
	w->done = false;
	j->npending++;
}

static void
entry_push(struct entry_list *l, struct record *rec)
{
	struct journal_entry	*e;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	e = &l->v[l->n++];
	memcpy(e->id, rec->id, sizeof e->id);
	e->payload = rec->payload;
	e->len = rec->len;
	rec->payload = NULL;
}

static void
entry_remove(struct entry_list *l, const char *id)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].id, id) != 0)
			continue;
		free(l->v[i].payload);
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
		l->n--;
		return;
	}
}

/*
 * Our own appends never write an id twice or a done record before its
 * write.  A file that does holds records nobody can read with certainty,
 * and cutting it would drop the good records after them: it is refused,
 * untouched, for a person to look at.
 */
static int
record_apply(struct journal *j, struct record *rec, off_t off,
    struct entry_list *pending, char **cause)
{
	struct journal_write	*w = write_find(j, rec->id);

	if (rec->type == TYPE_WRITE) {
		if (w != NULL) {
			*cause = xasprintf("%s: the record at offset %lld "
			    "writes id %s a second time", j->path,
			    (long long)off, rec->id);
			return -1;
		}
		write_add(j, rec->id);
		entry_push(pending, rec);
		return 0;
	}
	if (w == NULL || w->done) {
		*cause = xasprintf("%s: the record at offset %lld marks id %s "
		    "done, which no write before it left pending", j->path,
		    (long long)off, rec->id);
		return -1;
	}
	w->done = true;
	j->npending--;
	entry_remove(pending, rec->id);
	return 0;
}

/* ---- the file ------------------------------------------------------------ */

/*
 * Any fsync failure is final: the kernel may have dropped the dirty pages
 * and cleared the error, so a later fsync can succeed over lost data.
 */
static void
journal_break(struct journal *j, char *cause)
{
	if (j->broken == NULL)
		j->broken = cause;
	else
		free(cause);
}

/* Cuts the file to size bytes and makes that durable. */
static int
file_cut(struct journal *j, off_t size, char **cause)
{
	if (ftruncate(j->fd, size) == -1) {
		*cause = sys_cause(j->path, "cannot truncate", errno);
		return -1;
	}
	if (fsync(j->fd) == -1) {
		journal_break(j, sys_cause(j->path, "fsync failed", errno));
		*cause = xstrdup(j->broken);
		return -1;
	}
	j->size = size;
	return 0;
}

/* A journal that holds no pending write is emptied. */
static int
file_compact(struct journal *j, char **cause)
{
	if (file_cut(j, 0, cause) == -1)
		return -1;
	j->nwrites = 0;
	return 0;
}

static void
damage_note(struct journal_damage *damage, off_t off, off_t file_size,
    const char *reason)
{
	damage->torn = true;
	damage->offset = (long long)off;
	damage->dropped_bytes = (long long)(file_size - off);
	snprintf(damage->reason, sizeof damage->reason, "%s", reason);
}

/* The first record only: a journal of a later format is not ours to cut. */
static bool
newer_format(int fd, off_t file_size)
{
	unsigned char	magic[MAGIC_LEN];

	if (file_size < MAGIC_LEN || read_at(fd, magic, MAGIC_LEN, 0) !=
	    MAGIC_LEN)
		return false;
	return memcmp(magic, MAGIC, MAGIC_LEN - 1) == 0 &&
	    magic[MAGIC_LEN - 1] >= '0' && magic[MAGIC_LEN - 1] <= '9' &&
	    magic[MAGIC_LEN - 1] != (unsigned char)MAGIC[MAGIC_LEN - 1];
}

/* Reads every record, cuts a bad tail off, fills *pending. */
static int
file_load(struct journal *j, struct entry_list *pending,
    struct journal_damage *damage, char **cause)
{
	struct stat		st;
	struct record		rec;
	char			reason[sizeof damage->reason];
	off_t			off = 0;
	enum read_result	rv;

	if (fstat(j->fd, &st) == -1) {
		*cause = sys_cause(j->path, "cannot read", errno);
		return -1;
	}
	if (newer_format(j->fd, st.st_size)) {
		*cause = xasprintf("%s: written by a newer opsdeck (an unknown "
		    "journal format)", j->path);
		return -1;
	}
	while (off < st.st_size) {
		rv = record_read(j->fd, off, st.st_size - off, &rec, reason,
		    sizeof reason);
		if (rv == READ_FAILED) {
			*cause = sys_cause(j->path, "cannot read", errno);
			return -1;
		}
		if (rv == READ_BAD)
			break;
		if (record_apply(j, &rec, off, pending, cause) == -1) {
			free(rec.payload);
			return -1;
		}
		free(rec.payload);
		off += (off_t)rec.size;
	}
	j->size = st.st_size;
	if (off < st.st_size) {
		damage_note(damage, off, st.st_size, reason);
		if (file_cut(j, off, cause) == -1)
			return -1;
	}
	return 0;
}

/* Appends one encoded record and makes it durable. */
static int
file_append(struct journal *j, const unsigned char *rec, size_t size,
    char **cause)
{
	int	err;

	if (write_all(j->fd, rec, size) == -1) {
		err = errno;
		/* A partial record left there would end the readable journal
		 * and hide every record appended after it. */
		if (ftruncate(j->fd, j->size) == -1)
			journal_break(j, sys_cause(j->path, "cannot cut a "
			    "failed write back off", errno));
		*cause = sys_cause(j->path, "cannot write", err);
		return -1;
	}
	if (fsync(j->fd) == -1) {
		journal_break(j, sys_cause(j->path, "fsync failed", errno));
		*cause = xstrdup(j->broken);
		return -1;
	}
	j->size += (off_t)size;
	return 0;
}

/* ---- the interface ------------------------------------------------------- */

static void
trim_slashes(const char *s, int *len)
{
	*len = (int)strlen(s);
	while (*len > 1 && s[*len - 1] == '/')
		(*len)--;
	if (*len == 1 && s[0] == '/')
		*len = 0;
}

char *
journal_default_path(char **cause)
{
	const char	*xdg, *home;
	int		 len;

	*cause = NULL;
	/* XDG says a relative XDG_STATE_HOME is invalid and ignored. */
	xdg = getenv("XDG_STATE_HOME");
	if (xdg != NULL && xdg[0] == '/') {
		trim_slashes(xdg, &len);
		return xasprintf("%.*s/opsdeck/journal", len, xdg);
	}
	home = getenv("HOME");
	if (home == NULL || home[0] == '\0') {
		*cause = xstrdup("no place for the journal: neither "
		    "XDG_STATE_HOME nor HOME is set");
		return NULL;
	}
	trim_slashes(home, &len);
	return xasprintf("%.*s/.local/state/opsdeck/journal", len, home);
}

static int
journal_open_file(struct journal *j, char **cause)
{
	char	*dir = dir_of(j->path);
	bool	 created;
	int	 rv = -1;

	j->fd = open_regular(j->path, O_APPEND, &created, cause);
	if (j->fd != -1)
		rv = created ? fsync_dir(dir, cause) : 0;
	free(dir);
	return rv;
}

int
journal_open(const char *path, struct journal **jp,
    struct journal_entry **pending, size_t *npending,
    struct journal_damage *damage, pid_t *holder_pid, char **cause)
{
	struct journal		*j;
	struct entry_list	 found = { NULL, 0, 0 };
	char			*dir;
	int			 rv;

	*jp = NULL;
	*pending = NULL;
	*npending = 0;
	memset(damage, 0, sizeof *damage);
	*holder_pid = 0;
	*cause = NULL;
	if (path == NULL || path[0] == '\0') {
		*cause = xstrdup("no journal path");
		return -1;
	}
	j = xcalloc(1, sizeof *j);
	j->path = xstrdup(path);
	j->fd = j->lock_fd = -1;

	dir = dir_of(path);
	rv = make_dirs(dir, cause);
	free(dir);
	if (rv == 0)
		rv = lock_take(j, holder_pid, cause);
	if (rv == 0)
		rv = journal_open_file(j, cause);
	if (rv == 0)
		rv = file_load(j, &found, damage, cause);
	if (rv == 0 && j->npending == 0 && j->size > 0)
		rv = file_compact(j, cause);
	if (rv != 0) {
		journal_entries_free(found.v, found.n);
		journal_close(j);
		return rv;
	}
	*jp = j;
	*pending = found.v;
	*npending = found.n;
	return 0;
}

int
journal_append(struct journal *j, const char *id, const void *payload,
    size_t len, char **cause)
{
	unsigned char	*rec;
	size_t		 size;
	int		 rv;

	*cause = NULL;
	if (j->broken != NULL) {
		*cause = xstrdup(j->broken);
		return -1;
	}
	if (id == NULL || !id_valid(id, strlen(id))) {
		*cause = xasprintf("%s: an id is 1 to %d printable characters "
		    "without spaces", j->path, JOURNAL_ID_LEN);
		return -1;
	}
	if (len > JOURNAL_PAYLOAD_MAX) {
		*cause = xasprintf("%s: a payload of %zu bytes is over the "
		    "limit of %d", j->path, len, JOURNAL_PAYLOAD_MAX);
		return -1;
	}
	if (payload == NULL && len > 0) {
		*cause = xasprintf("%s: no payload", j->path);
		return -1;
	}
	if (write_find(j, id) != NULL) {
		*cause = xasprintf("%s: id %s is already in the journal",
		    j->path, id);
		return -1;
	}
	rec = record_encode(TYPE_WRITE, id, payload, len, &size);
	rv = file_append(j, rec, size, cause);
	free(rec);
	if (rv == 0)
		write_add(j, id);
	return rv;
}

int
journal_mark_done(struct journal *j, const char *id, char **cause)
{
	struct journal_write	*w;
	unsigned char		*rec;
	size_t			 size;
	int			 rv;

	*cause = NULL;
	if (j->broken != NULL) {
		*cause = xstrdup(j->broken);
		return -1;
	}
	if (id == NULL || (w = write_find(j, id)) == NULL || w->done) {
		*cause = xasprintf("%s: id %s is not pending", j->path,
		    id == NULL ? "(null)" : id);
		return -1;
	}
	rec = record_encode(TYPE_DONE, id, NULL, 0, &size);
	rv = file_append(j, rec, size, cause);
	free(rec);
	if (rv == -1)
		return -1;
	w->done = true;
	j->npending--;
	if (j->npending == 0)
		return file_compact(j, cause);
	return 0;
}

size_t
journal_pending_count(const struct journal *j)
{
	return j->npending;
}

void
journal_entries_free(struct journal_entry *entries, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(entries[i].payload);
	free(entries);
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	if (j->fd != -1)
		close(j->fd);
	if (j->lock_fd != -1)
		close(j->lock_fd);
	free(j->writes);
	free(j->broken);
	free(j->path);
	free(j);
}
