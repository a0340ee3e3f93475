/*
 * core/io/journal.c against journal.h and docs/journal.md.
 *
 * Every test runs in a fresh temporary directory.  The records the tests
 * build by hand come from rec_build below, written from docs/journal.md
 * and not from journal.c, so a format the code and the document disagree
 * on fails here.
 *
 * Faults are injected with the linker (Makefile.am links this test with
 * --wrap=fsync,--wrap=write,--wrap=ftruncate,--wrap=malloc): journal.c, linked statically,
 * calls the __wrap_ functions below, which pass through to the real ones
 * unless a test has armed a fault.  The malloc wrapper only measures: it
 * records the largest request, so a test can show that a length field
 * read from the file never turns into an allocation of that size.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "journal.h"
#include "xalloc.h"

/* ---- fault injection ----------------------------------------------------- */

int	 __real_fsync(int);
int	 __wrap_fsync(int);
ssize_t	 __real_write(int, const void *, size_t);
ssize_t	 __wrap_write(int, const void *, size_t);
void	*__real_malloc(size_t);
void	*__wrap_malloc(size_t);
int	 __real_ftruncate(int, off_t);
int	 __wrap_ftruncate(int, off_t);

static struct {
	int	fsync_file_errno;	/* fail fsync of regular files */
	int	fsync_fail_at;		/* > 0: that file fsync fails, EIO */
	int	ftruncate_errno;	/* fail ftruncate */
	int	fsync_dir_errno;	/* fail fsync of directories */
	size_t	write_max;		/* 0, or the most one write() takes */
	int	write_fail_after;	/* > 0: that many writes succeed, then ENOSPC */
	int	dir_fsyncs;		/* directories fsync'd */
	bool	measure;		/* record the largest malloc */
	size_t	largest_malloc;
} fault;

int
__wrap_fsync(int fd)
{
	struct stat	st;
	int		err;

	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			fault.dir_fsyncs++;
		err = S_ISDIR(st.st_mode) ? fault.fsync_dir_errno :
		    fault.fsync_file_errno;
		if (!S_ISDIR(st.st_mode) && fault.fsync_fail_at > 0 &&
		    --fault.fsync_fail_at == 0)
			err = EIO;
		if (err != 0) {
			errno = err;
			return -1;
		}
	}
	return __real_fsync(fd);
}

ssize_t
__wrap_write(int fd, const void *p, size_t n)
{
	if (fault.write_fail_after > 0 && --fault.write_fail_after == 0) {
		errno = ENOSPC;
		return -1;
	}
	if (fault.write_max > 0 && n > fault.write_max)
		n = fault.write_max;
	return __real_write(fd, p, n);
}

int
__wrap_ftruncate(int fd, off_t size)
{
	if (fault.ftruncate_errno != 0) {
		errno = fault.ftruncate_errno;
		return -1;
	}
	return __real_ftruncate(fd, size);
}

void *
__wrap_malloc(size_t n)
{
	if (fault.measure && n > fault.largest_malloc)
		fault.largest_malloc = n;
	return __real_malloc(n);
}

/* ---- the fixture --------------------------------------------------------- */

struct fixture {
	char	*dir;		/* the test's temporary directory */
	char	*path;		/* DIR/state/opsdeck/journal */
	pid_t	 child;		/* a lock holder to kill, or 0 */
};

static int
remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	const char	*tmp = getenv("TMPDIR");

	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	f->dir = xasprintf("%s/journal-test.XXXXXX", tmp);
	assert_non_null(mkdtemp(f->dir));
	f->path = xasprintf("%s/state/opsdeck/journal", f->dir);
	memset(&fault, 0, sizeof fault);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	memset(&fault, 0, sizeof fault);
	/* A failed assertion must not leave the lock holder behind. */
	if (f->child > 0) {
		kill(f->child, SIGKILL);
		waitpid(f->child, NULL, 0);
	}
	nftw(f->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f->path);
	free(f->dir);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------- */

struct opened {
	struct journal		*j;
	struct journal_entry	*pending;
	size_t			 n;
	struct journal_damage	 damage;
};

static void
open_ok(const char *path, struct opened *o)
{
	char	*cause = NULL;
	pid_t	 holder = -1;
	int	 rv;

	rv = journal_open(path, &o->j, &o->pending, &o->n, &o->damage,
	    &holder, &cause);
	if (rv != 0)
		fail_msg("journal_open: %d %s", rv, cause ? cause : "");
	assert_null(cause);
	assert_non_null(o->j);
	assert_int_equal(holder, 0);
	assert_int_equal(journal_pending_count(o->j), o->n);
}

static void
opened_free(struct opened *o)
{
	journal_entries_free(o->pending, o->n);
	journal_close(o->j);
	memset(o, 0, sizeof *o);
}

/* Opens, checks the pending ids (a NULL-terminated list), closes. */
static void
expect_pending(const char *path, const char *const *ids)
{
	struct opened	o;
	size_t		i;

	open_ok(path, &o);
	assert_false(o.damage.torn);
	for (i = 0; ids[i] != NULL; i++) {
		assert_true(i < o.n);
		assert_string_equal(o.pending[i].id, ids[i]);
	}
	assert_int_equal(o.n, i);
	opened_free(&o);
}

static void
append_ok(struct journal *j, const char *id, const char *payload)
{
	char	*cause = NULL;

	if (journal_append(j, id, payload, strlen(payload), &cause) != 0)
		fail_msg("journal_append %s: %s", id, cause);
	assert_null(cause);
}

static void
done_ok(struct journal *j, const char *id)
{
	char	*cause = NULL;

	if (journal_mark_done(j, id, &cause) != 0)
		fail_msg("journal_mark_done %s: %s", id, cause);
	assert_null(cause);
}

/* Appends the writes, closes. */
static void
write_journal(const char *path, const char *const *ids)
{
	struct opened	o;
	size_t		i;

	open_ok(path, &o);
	for (i = 0; ids[i] != NULL; i++)
		append_ok(o.j, ids[i], ids[i]);
	opened_free(&o);
}

static long long
size_of(const char *path)
{
	struct stat	st;

	assert_int_equal(stat(path, &st), 0);
	return (long long)st.st_size;
}

/* The whole file; caller frees. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*fp = fopen(path, "rb");
	unsigned char	*buf;
	long long	 size = size_of(path);

	assert_non_null(fp);
	buf = xmalloc((size_t)size + 1);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	*len = (size_t)size;
	return buf;
}

static void
spill(const char *path, const void *p, size_t len)
{
	FILE	*fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/*
 * One record as docs/journal.md draws it: "ODJ1", type, id length, id,
 * payload length (u32 LE), payload, CRC-32 (u32 LE) of all that.  The
 * length field is given apart from the payload, to build lying records.
 * Returns the record's size; out holds at least that many bytes.
 */
static size_t
rec_build(unsigned char *out, char type, const char *id, uint32_t len_field,
    const void *payload, size_t payload_len)
{
	size_t		idlen = strlen(id), n = 0;
	uLong		crc;

	memcpy(out, "ODJ1", 4);
	n = 4;
	out[n++] = (unsigned char)type;
	out[n++] = (unsigned char)idlen;
	memcpy(out + n, id, idlen);
	n += idlen;
	put_le32(out + n, len_field);
	n += 4;
	memcpy(out + n, payload, payload_len);
	n += payload_len;
	crc = crc32(0L, Z_NULL, 0);
	crc = crc32(crc, out, (uInt)n);
	put_le32(out + n, (uint32_t)crc);
	return n + 4;
}

static size_t
rec_write(unsigned char *out, const char *id, const char *payload)
{
	return rec_build(out, 'W', id, (uint32_t)strlen(payload), payload,
	    strlen(payload));
}

static size_t
rec_done(unsigned char *out, const char *id)
{
	return rec_build(out, 'D', id, 0, "", 0);
}

/* Makes the directories and writes the file as given. */
static void
plant(const char *path, const void *p, size_t len)
{
	struct opened	o;

	unlink(path);
	open_ok(path, &o);		/* creates what leads to it */
	opened_free(&o);
	spill(path, p, len);
}

/* Opens a planted file that must be refused as it is, and checks that it
 * was left untouched. */
static void
expect_refused(const char *path, const void *p, size_t len, const char *why)
{
	struct journal		*j = (struct journal *)(uintptr_t)0x1;
	struct journal_entry	*pending = (struct journal_entry *)(uintptr_t)0x1;
	struct journal_damage	 damage;
	size_t			 n = 99, after_len;
	pid_t			 holder;
	char			*cause = NULL;
	unsigned char		*after;

	plant(path, p, len);
	assert_int_equal(journal_open(path, &j, &pending, &n, &damage,
	    &holder, &cause), -1);
	assert_null(j);
	assert_null(pending);
	assert_int_equal(n, 0);
	assert_non_null(cause);
	if (strstr(cause, why) == NULL)
		fail_msg("cause \"%s\" does not say \"%s\"", cause, why);
	free(cause);
	after = slurp(path, &after_len);
	assert_int_equal(after_len, len);
	assert_memory_equal(after, p, len);
	free(after);
}

/* ---- round trips --------------------------------------------------------- */

static void
test_round_trip(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	const char	 binary[] = "a\0b\xff\n";
	char		*cause = NULL;

	open_ok(f->path, &o);
	assert_int_equal(o.n, 0);
	assert_null(o.pending);
	assert_false(o.damage.torn);
	append_ok(o.j, "0b1e7a52-54c4-4d2c-9a84-4bd1a3c1f0aa",
	    "{\"action\":\"A-1\",\"op\":\"complete\"}");
	assert_int_equal(journal_append(o.j, "bin", binary, sizeof binary,
	    &cause), 0);
	append_ok(o.j, "empty", "");
	assert_int_equal(journal_pending_count(o.j), 3);
	opened_free(&o);

	open_ok(f->path, &o);
	assert_false(o.damage.torn);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.pending[0].id,
	    "0b1e7a52-54c4-4d2c-9a84-4bd1a3c1f0aa");
	assert_string_equal(o.pending[0].payload,
	    "{\"action\":\"A-1\",\"op\":\"complete\"}");
	assert_int_equal(o.pending[0].len,
	    strlen("{\"action\":\"A-1\",\"op\":\"complete\"}"));
	assert_string_equal(o.pending[1].id, "bin");
	assert_int_equal(o.pending[1].len, sizeof binary);
	assert_memory_equal(o.pending[1].payload, binary, sizeof binary);
	assert_int_equal(o.pending[1].payload[sizeof binary], '\0');
	assert_string_equal(o.pending[2].id, "empty");
	assert_int_equal(o.pending[2].len, 0);
	assert_string_equal(o.pending[2].payload, "");
	opened_free(&o);
}

/* The bytes on disk are the ones docs/journal.md describes. */
static void
test_format_as_documented(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	unsigned char	 want[128], *got;
	size_t		 n, len;

	open_ok(f->path, &o);
	append_ok(o.j, "id-1", "{}");
	append_ok(o.j, "id-2", "x");
	done_ok(o.j, "id-1");
	opened_free(&o);

	n = rec_write(want, "id-1", "{}");
	n += rec_write(want + n, "id-2", "x");
	n += rec_done(want + n, "id-1");
	got = slurp(f->path, &len);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
	free(got);
	/* The example of docs/journal.md, byte by byte. */
	assert_memory_equal(want, "ODJ1W\x04id-1\x02\x00\x00\x00{}"
	    "\x8e\x37\x5e\x52", 20);
}

static void
test_mark_done(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;

	write_journal(f->path, (const char *[]){ "a", "b", "c", NULL });
	open_ok(f->path, &o);
	done_ok(o.j, "b");
	assert_int_equal(journal_pending_count(o.j), 2);
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ "a", "c", NULL });

	open_ok(f->path, &o);
	assert_string_equal(o.pending[1].payload, "c");
	done_ok(o.j, "a");
	assert_int_equal(journal_pending_count(o.j), 1);
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ "c", NULL });
}

/* Marking the last pending write done empties the file; the journal
 * goes on working after that. */
static void
test_compaction(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "first");
	append_ok(o.j, "b", "second");
	done_ok(o.j, "b");
	assert_true(size_of(f->path) > 0);
	done_ok(o.j, "a");
	assert_int_equal(journal_pending_count(o.j), 0);
	assert_int_equal(size_of(f->path), 0);
	append_ok(o.j, "c", "third");
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ "c", NULL });

	open_ok(f->path, &o);
	done_ok(o.j, "c");
	opened_free(&o);
	assert_int_equal(size_of(f->path), 0);
	expect_pending(f->path, (const char *[]){ NULL });
}

/* A file of done work only (the process died before emptying it) is
 * emptied when opened. */
static void
test_open_compacts_done_work(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[256];
	size_t		 n;

	n = rec_write(buf, "a", "1");
	n += rec_write(buf + n, "b", "2");
	n += rec_done(buf + n, "b");
	n += rec_done(buf + n, "a");
	plant(f->path, buf, n);
	expect_pending(f->path, (const char *[]){ NULL });
	assert_int_equal(size_of(f->path), 0);
}

static void
test_order_many(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		 id[32], payload[300];
	size_t		 i, k;

	open_ok(f->path, &o);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof id, "id-%04zu", i);
		memset(payload, 'a' + (int)(i % 26), i % 257);
		payload[i % 257] = '\0';
		append_ok(o.j, id, payload);
		if (i % 3 == 1) {
			snprintf(id, sizeof id, "id-%04zu", i - 1);
			done_ok(o.j, id);
		}
	}
	opened_free(&o);

	open_ok(f->path, &o);
	assert_false(o.damage.torn);
	assert_int_equal(o.n, 1000 - 1000 / 3 - (1000 % 3 > 1));
	for (i = 0, k = 0; i < 1000; i++) {
		if (i % 3 == 0 && i + 1 < 1000)
			continue;	/* marked done after the next append */
		snprintf(id, sizeof id, "id-%04zu", i);
		assert_true(k < o.n);
		assert_string_equal(o.pending[k].id, id);
		assert_int_equal(o.pending[k].len, i % 257);
		if (i % 257 > 0)
			assert_int_equal(o.pending[k].payload[0],
			    'a' + (int)(i % 26));
		k++;
	}
	assert_int_equal(k, o.n);
	opened_free(&o);
}

/* ---- damage --------------------------------------------------------------- */

/*
 * The last record cut at every byte: the records before it survive, the
 * cut one is reported and cut off the file, and the journal takes new
 * records that a reopen finds.
 */
static void
check_every_cut(const char *path, const unsigned char *good, size_t last,
    size_t total, const char *const *survivors)
{
	struct opened	o;
	size_t		cut, i;

	for (cut = last; cut < total; cut++) {
		plant(path, good, cut);
		open_ok(path, &o);
		if (cut == last) {
			assert_false(o.damage.torn);
		} else {
			assert_true(o.damage.torn);
			assert_int_equal(o.damage.offset, last);
			assert_int_equal(o.damage.dropped_bytes, cut - last);
			assert_string_equal(o.damage.reason,
			    "record cut short");
		}
		for (i = 0; survivors[i] != NULL; i++) {
			assert_true(i < o.n);
			assert_string_equal(o.pending[i].id, survivors[i]);
			assert_string_equal(o.pending[i].payload, survivors[i]);
		}
		assert_int_equal(o.n, i);
		assert_int_equal(size_of(path), last);
		append_ok(o.j, "after", "after");
		opened_free(&o);

		open_ok(path, &o);
		assert_false(o.damage.torn);
		assert_int_equal(o.n, i + 1);
		assert_string_equal(o.pending[i].id, "after");
		opened_free(&o);
	}
}

static void
test_torn_write_every_offset(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[512];
	size_t		 n, last;

	n = rec_write(buf, "first", "first");
	n += rec_write(buf + n, "second", "second");
	last = n;
	n += rec_write(buf + n, "third-with-a-longer-id",
	    "{\"payload\":\"long enough to cut in many places\"}");
	check_every_cut(f->path, buf, last, n,
	    (const char *[]){ "first", "second", NULL });
}

/* A torn done record leaves its write pending: it is replayed again, and
 * the database's record of the id makes that harmless. */
static void
test_torn_done_every_offset(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[512];
	size_t		 n, last;

	n = rec_write(buf, "first", "first");
	n += rec_write(buf + n, "second", "second");
	last = n;
	n += rec_done(buf + n, "first");
	check_every_cut(f->path, buf, last, n,
	    (const char *[]){ "first", "second", NULL });
}

static bool
reason_known(const char *reason)
{
	static const char *const known[] = {
		"bad magic", "record cut short", "checksum mismatch",
		"unknown record type 0x", "bad id length ", "bad id",
		"payload length ", "done record with a payload", NULL
	};
	size_t	i;

	for (i = 0; known[i] != NULL; i++) {
		if (strncmp(reason, known[i], strlen(known[i])) == 0)
			return true;
	}
	return false;
}

/*
 * One bit flipped anywhere in the last record, a write: never misread.
 * The earlier records survive and the damage starts at the flipped record.
 * A flip in the payload or the checksum is a checksum mismatch.
 */
static void
test_flipped_bits(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 good[512], bad[512];
	struct opened	 o;
	size_t		 n, last, i, payload_at, crc_at;
	const char	*payload = "{\"op\":\"block\",\"why\":\"waiting\"}";
	int		 bit;

	n = rec_write(good, "first", "first");
	last = n;
	n += rec_write(good + n, "victim", payload);
	payload_at = last + 4 + 1 + 1 + strlen("victim") + 4;
	crc_at = n - 4;
	for (i = last; i < n; i++) {
		for (bit = 0; bit < 8; bit += 7) {
			memcpy(bad, good, n);
			bad[i] ^= (unsigned char)(1 << bit);
			plant(f->path, bad, n);
			open_ok(f->path, &o);
			assert_true(o.damage.torn);
			assert_int_equal(o.damage.offset, last);
			assert_int_equal(o.damage.dropped_bytes, n - last);
			if (!reason_known(o.damage.reason))
				fail_msg("byte %zu: reason \"%s\"", i,
				    o.damage.reason);
			if (i >= payload_at)
				assert_string_equal(o.damage.reason,
				    "checksum mismatch");
			assert_int_equal(o.n, 1);
			assert_string_equal(o.pending[0].id, "first");
			opened_free(&o);
			assert_int_equal(size_of(f->path), last);
		}
	}
	assert_true(crc_at > payload_at);
}

static void
expect_damage(const char *path, const void *p, size_t len, long long offset,
    const char *reason, size_t survivors)
{
	struct opened	o;

	plant(path, p, len);
	open_ok(path, &o);
	assert_true(o.damage.torn);
	assert_int_equal(o.damage.offset, offset);
	assert_int_equal(o.damage.dropped_bytes, (long long)len - offset);
	assert_string_equal(o.damage.reason, reason);
	assert_int_equal(o.n, survivors);
	opened_free(&o);
	assert_int_equal(size_of(path), offset);
}

static void
test_garbage_after_records(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[8192];
	size_t		 n;

	n = rec_write(buf, "a", "1");
	n += rec_write(buf + n, "b", "2");
	memcpy(buf + n, "garbage!", 8);
	expect_damage(f->path, buf, n + 8, (long long)n, "bad magic", 2);
	memcpy(buf + n, "xy", 2);
	expect_damage(f->path, buf, n + 2, (long long)n, "bad magic", 2);
	/* A prefix of the magic could be the start of a torn record. */
	memcpy(buf + n, "OD", 2);
	expect_damage(f->path, buf, n + 2, (long long)n, "record cut short", 2);
	/* A crash can leave the file longer than what reached it: zeros. */
	memset(buf + n, 0, 4096);
	expect_damage(f->path, buf, n + 4096, (long long)n, "bad magic", 2);
	/* Garbage from the start: nothing survives. */
	expect_damage(f->path, "not a journal at all", 20, 0, "bad magic", 0);
	/* A good record after a bad one is dropped with it: nothing after the
	 * first bad byte can be trusted to start where it seems to. */
	n = rec_write(buf, "a", "1");
	memcpy(buf + n, "junk", 4);
	n += 4 + rec_write(buf + n + 4, "b", "2");
	expect_damage(f->path, buf, n, (long long)rec_write(buf, "a", "1"),
	    "bad magic", 1);
}

/* Each field that is checked before the checksum. */
static void
test_bad_fields(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[512];
	size_t		 n, m;

	n = rec_write(buf, "a", "1");
	m = rec_build(buf + n, 'X', "b", 1, "2", 1);
	expect_damage(f->path, buf, n + m, (long long)n,
	    "unknown record type 0x58", 1);
	m = rec_build(buf + n, 'D', "a", 1, "2", 1);
	expect_damage(f->path, buf, n + m, (long long)n,
	    "done record with a payload", 1);
	m = rec_write(buf + n, "b", "2");
	buf[n + 5] = 0;			/* the id length */
	expect_damage(f->path, buf, n + m, (long long)n, "bad id length 0", 1);
	buf[n + 5] = JOURNAL_ID_LEN + 1;
	expect_damage(f->path, buf, n + m, (long long)n, "bad id length 65", 1);
	/* An id of a space, with a good checksum: not ours, not read. */
	m = rec_write(buf + n, "b c", "2");
	expect_damage(f->path, buf, n + m, (long long)n, "bad id", 1);
}

/*
 * A length field far past the limit is corruption, not an allocation:
 * the largest allocation while opening stays far below it.  So is one
 * just past the limit whose bytes are all there with a good checksum.
 */
static void
test_huge_length(void **state)
{
	struct fixture	*f = *state;
	unsigned char	*buf, *payload;
	size_t		 n, m;
	char		 reason[128];

	buf = xmalloc(JOURNAL_PAYLOAD_MAX + 256);
	n = rec_write(buf, "a", "1");
	m = rec_build(buf + n, 'W', "b", UINT32_MAX, "xyz", 3);
	plant(f->path, buf, n + m);
	fault.measure = true;
	fault.largest_malloc = 0;
	expect_damage(f->path, buf, n + m, (long long)n,
	    "payload length 4294967295 over the limit of 1048576", 1);
	fault.measure = false;
	assert_true(fault.largest_malloc < 64 * 1024);

	payload = xmalloc(JOURNAL_PAYLOAD_MAX + 1);
	memset(payload, 'p', JOURNAL_PAYLOAD_MAX + 1);
	m = rec_build(buf + n, 'W', "b", JOURNAL_PAYLOAD_MAX + 1, payload,
	    JOURNAL_PAYLOAD_MAX + 1);
	free(payload);
	snprintf(reason, sizeof reason, "payload length %d over the limit of "
	    "%d", JOURNAL_PAYLOAD_MAX + 1, JOURNAL_PAYLOAD_MAX);
	expect_damage(f->path, buf, n + m, (long long)n, reason, 1);
	free(buf);
}

/* The limit itself is fine, one byte more is refused. */
static void
test_payload_limit(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*big = xmalloc(JOURNAL_PAYLOAD_MAX + 1), *cause = NULL;

	memset(big, 'z', JOURNAL_PAYLOAD_MAX + 1);
	open_ok(f->path, &o);
	assert_int_equal(journal_append(o.j, "too-big", big,
	    JOURNAL_PAYLOAD_MAX + 1, &cause), -1);
	assert_non_null(strstr(cause, "over the limit"));
	free(cause);
	assert_int_equal(journal_append(o.j, "biggest", big,
	    JOURNAL_PAYLOAD_MAX, &cause), 0);
	/* No payload is fine only when it is empty. */
	assert_int_equal(journal_append(o.j, "null", NULL, 1, &cause), -1);
	assert_non_null(strstr(cause, "no payload"));
	free(cause);
	assert_int_equal(journal_append(o.j, "null-empty", NULL, 0, &cause),
	    0);
	opened_free(&o);

	open_ok(f->path, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.pending[0].len, JOURNAL_PAYLOAD_MAX);
	assert_memory_equal(o.pending[0].payload, big, JOURNAL_PAYLOAD_MAX);
	assert_string_equal(o.pending[1].id, "null-empty");
	assert_int_equal(o.pending[1].len, 0);
	opened_free(&o);
	free(big);
}

/* ---- what is refused ------------------------------------------------------ */

static void
expect_append_refused(struct journal *j, const char *id, const char *why)
{
	char	*cause = NULL;

	assert_int_equal(journal_append(j, id, "x", 1, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, why) == NULL)
		fail_msg("cause \"%s\" does not say \"%s\"", cause, why);
	free(cause);
}

static void
test_ids(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		 longest[JOURNAL_ID_LEN + 2];

	memset(longest, 'i', JOURNAL_ID_LEN + 1);
	longest[JOURNAL_ID_LEN + 1] = '\0';
	open_ok(f->path, &o);
	expect_append_refused(o.j, longest, "1 to 64 printable");
	expect_append_refused(o.j, "", "1 to 64 printable");
	expect_append_refused(o.j, "a b", "1 to 64 printable");
	expect_append_refused(o.j, "tab\there", "1 to 64 printable");
	expect_append_refused(o.j, "\xc3\xa9", "1 to 64 printable");
	expect_append_refused(o.j, NULL, "1 to 64 printable");
	longest[JOURNAL_ID_LEN] = '\0';
	append_ok(o.j, longest, "64 bytes of id");
	append_ok(o.j, "a", "1");
	append_ok(o.j, "b", "2");
	expect_append_refused(o.j, "a", "already in the journal");
	done_ok(o.j, "a");
	/* Done but still in the file: still not new. */
	expect_append_refused(o.j, "a", "already in the journal");
	assert_int_equal(journal_pending_count(o.j), 2);
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ longest, "b", NULL });
}

static void
test_mark_done_refused(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*cause = NULL;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	append_ok(o.j, "b", "2");
	assert_int_equal(journal_mark_done(o.j, "nope", &cause), -1);
	assert_string_equal(strstr(cause, "id nope is not pending"),
	    "id nope is not pending");
	free(cause);
	done_ok(o.j, "a");
	assert_int_equal(journal_mark_done(o.j, "a", &cause), -1);
	assert_non_null(strstr(cause, "not pending"));
	free(cause);
	assert_int_equal(journal_pending_count(o.j), 1);
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ "b", NULL });
}

/* Records that contradict each other are refused and left for a person:
 * cutting them would drop the good records after them. */
static void
test_contradictions(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[256];
	size_t		 n;

	n = rec_write(buf, "a", "1");
	n += rec_write(buf + n, "b", "2");
	n += rec_write(buf + n, "a", "3");
	expect_refused(f->path, buf, n, "offset 32 writes id a a second time");

	n = rec_write(buf, "a", "1");
	n += rec_done(buf + n, "b");
	expect_refused(f->path, buf, n,
	    "offset 16 marks id b done, which no write before it left pending");

	n = rec_write(buf, "a", "1");
	n += rec_write(buf + n, "b", "2");
	n += rec_done(buf + n, "a");
	n += rec_done(buf + n, "a");
	expect_refused(f->path, buf, n, "marks id a done");
}

/* A journal of a later format is not cut down as if it were damaged. */
static void
test_newer_format(void **state)
{
	struct fixture	*f = *state;
	unsigned char	 buf[256];
	size_t		 n;

	n = rec_write(buf, "a", "1");
	buf[3] = '2';
	expect_refused(f->path, buf, n, "written by a newer opsdeck");
}

static void
test_not_a_regular_file(void **state)
{
	struct fixture		*f = *state;
	struct journal		*j;
	struct journal_entry	*pending;
	struct journal_damage	 damage;
	size_t			 n;
	pid_t			 holder;
	char			*cause = NULL, *fifo, *dir;

	/* A FIFO must not make the open wait for a writer. */
	fifo = xasprintf("%s/fifo", f->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(journal_open(fifo, &j, &pending, &n, &damage,
	    &holder, &cause), -1);
	assert_null(j);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	free(fifo);

	dir = xasprintf("%s/a-directory", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(journal_open(dir, &j, &pending, &n, &damage,
	    &holder, &cause), -1);
	assert_non_null(cause);
	free(cause);
	free(dir);

	/* A file where a directory must be. */
	dir = xasprintf("%s/file", f->dir);
	spill(dir, "x", 1);
	free(dir);
	dir = xasprintf("%s/file/journal", f->dir);
	assert_int_equal(journal_open(dir, &j, &pending, &n, &damage,
	    &holder, &cause), -1);
	assert_non_null(strstr(cause, "cannot use as a directory"));
	free(cause);
	free(dir);

	assert_int_equal(journal_open("", &j, &pending, &n, &damage,
	    &holder, &cause), -1);
	free(cause);
}

/* ---- the lock ------------------------------------------------------------- */

static void
expect_busy(const char *path, pid_t want_holder)
{
	struct journal		*j = (struct journal *)(uintptr_t)0x1;
	struct journal_entry	*pending;
	struct journal_damage	 damage;
	size_t			 n;
	pid_t			 holder = -1;
	char			*cause = NULL, *want;

	assert_int_equal(journal_open(path, &j, &pending, &n, &damage,
	    &holder, &cause), JOURNAL_BUSY);
	assert_null(j);
	assert_null(pending);
	assert_int_equal(holder, want_holder);
	want = xasprintf("%s: in use by process %ld", path,
	    (long)want_holder);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
}

/* flock belongs to an open file description: a second open in the same
 * process conflicts, and closing releases. */
static void
test_busy_same_process(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	expect_busy(f->path, getpid());
	/* The failed open closed nothing of the holder's: it still works. */
	append_ok(o.j, "b", "2");
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ "a", "b", NULL });
}

/*
 * Another process holds it: busy, with that process's pid.  When the
 * holder dies without closing (SIGKILL), the kernel releases the lock and
 * what it appended is there.
 */
static void
test_busy_other_process(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	int		 ready[2], status;
	pid_t		 child;
	char		 c = 0;

	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child != -1);
	if (child == 0) {
		struct journal		*j;
		struct journal_entry	*pending;
		struct journal_damage	 damage;
		size_t			 n;
		pid_t			 holder;
		char			*cause;

		close(ready[0]);
		alarm(60);		/* should the parent die first */
		c = 'F';
		if (journal_open(f->path, &j, &pending, &n, &damage, &holder,
		    &cause) == 0 && journal_append(j, "from-child", "c", 1,
		    &cause) == 0)
			c = 'R';
		if (write(ready[1], &c, 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	f->child = child;
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_int_equal(c, 'R');
	expect_busy(f->path, child);

	assert_int_equal(kill(child, SIGKILL), 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	f->child = 0;
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	open_ok(f->path, &o);
	assert_int_equal(o.n, 1);
	assert_string_equal(o.pending[0].id, "from-child");
	opened_free(&o);
}

/* No descriptor of the journal leaks into a program the cockpit runs. */
static void
test_close_on_exec(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	DIR		*d;
	struct dirent	*de;
	char		 link[PATH_MAX], fdpath[300], *lock;
	ssize_t		 len;
	int		 seen = 0, fd;

	lock = xasprintf("%s.lock", f->path);
	open_ok(f->path, &o);
	assert_non_null(d = opendir("/proc/self/fd"));
	while ((de = readdir(d)) != NULL) {
		fd = atoi(de->d_name);
		snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%s", de->d_name);
		len = readlink(fdpath, link, sizeof link - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		if (strcmp(link, f->path) != 0 && strcmp(link, lock) != 0)
			continue;
		assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, 2);
	opened_free(&o);
	free(lock);
}

/* ---- places and modes ---------------------------------------------------- */

static void
expect_default(const char *want)
{
	char	*cause = NULL, *path = journal_default_path(&cause);

	if (want == NULL) {
		assert_null(path);
		assert_non_null(cause);
		assert_string_equal(cause, "no place for the journal: neither "
		    "XDG_STATE_HOME nor HOME is set");
		free(cause);
		return;
	}
	assert_null(cause);
	assert_non_null(path);
	assert_string_equal(path, want);
	free(path);
}

static char *
env_save(const char *name)
{
	const char	*v = getenv(name);

	return v == NULL ? NULL : xstrdup(v);
}

static void
env_restore(const char *name, char *v)
{
	if (v == NULL)
		unsetenv(name);
	else
		setenv(name, v, 1);
	free(v);
}

static void
test_default_path(void **state)
{
	char	*home = env_save("HOME"), *xdg = env_save("XDG_STATE_HOME");

	(void)state;
	setenv("HOME", "/home/op", 1);
	setenv("XDG_STATE_HOME", "/xdg/state", 1);
	expect_default("/xdg/state/opsdeck/journal");
	setenv("XDG_STATE_HOME", "/xdg/state//", 1);
	expect_default("/xdg/state/opsdeck/journal");
	setenv("XDG_STATE_HOME", "/", 1);
	expect_default("/opsdeck/journal");
	setenv("XDG_STATE_HOME", "", 1);
	expect_default("/home/op/.local/state/opsdeck/journal");
	/* A relative XDG_STATE_HOME is invalid and ignored. */
	setenv("XDG_STATE_HOME", "state", 1);
	expect_default("/home/op/.local/state/opsdeck/journal");
	unsetenv("XDG_STATE_HOME");
	expect_default("/home/op/.local/state/opsdeck/journal");
	setenv("HOME", "/home/op/", 1);
	expect_default("/home/op/.local/state/opsdeck/journal");
	unsetenv("HOME");
	expect_default(NULL);
	setenv("HOME", "", 1);
	expect_default(NULL);
	setenv("XDG_STATE_HOME", "/xdg", 1);
	expect_default("/xdg/opsdeck/journal");
	env_restore("HOME", home);
	env_restore("XDG_STATE_HOME", xdg);
}

static void
expect_mode(const char *path, mode_t want)
{
	struct stat	st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, want);
}

/* Opens the default path, which must be want, and checks what it made:
 * every new directory 0700 and the file 0600, whatever the umask allows. */
static void
open_default_and_check(const char *want, const char *const *new_dirs)
{
	struct opened	 o;
	char		*cause = NULL, *path = journal_default_path(&cause);
	mode_t		 old = umask(0);
	size_t		 i;

	assert_non_null(path);
	assert_string_equal(path, want);
	open_ok(path, &o);
	umask(old);
	append_ok(o.j, "a", "1");
	opened_free(&o);
	for (i = 0; new_dirs[i] != NULL; i++)
		expect_mode(new_dirs[i], 0700);
	expect_mode(path, 0600);
	free(path);
}

static void
test_default_path_created(void **state)
{
	struct fixture	*f = *state;
	char		*home = env_save("HOME"), *xdg = env_save("XDG_STATE_HOME");
	char		*want, *d1, *d2, *d3, *d4;

	d1 = xasprintf("%s/xdg", f->dir);
	d2 = xasprintf("%s/xdg/opsdeck", f->dir);
	want = xasprintf("%s/xdg/opsdeck/journal", f->dir);
	setenv("XDG_STATE_HOME", d1, 1);
	open_default_and_check(want, (const char *[]){ d1, d2, NULL });
	free(d1);
	free(d2);
	free(want);

	unsetenv("XDG_STATE_HOME");
	d1 = xasprintf("%s/home", f->dir);
	assert_int_equal(mkdir(d1, 0755), 0);
	d2 = xasprintf("%s/home/.local", f->dir);
	d3 = xasprintf("%s/home/.local/state", f->dir);
	d4 = xasprintf("%s/home/.local/state/opsdeck", f->dir);
	want = xasprintf("%s/home/.local/state/opsdeck/journal", f->dir);
	setenv("HOME", d1, 1);
	open_default_and_check(want, (const char *[]){ d2, d3, d4, NULL });
	/* A directory that was there keeps its mode. */
	expect_mode(d1, 0755);
	free(d1);
	free(d2);
	free(d3);
	free(d4);
	free(want);
	env_restore("HOME", home);
	env_restore("XDG_STATE_HOME", xdg);
}

/* ---- failures of the system ---------------------------------------------- */

static void
expect_fail(int rv, char *cause, const char *want)
{
	assert_int_equal(rv, -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" does not say \"%s\"", cause, want);
	free(cause);
}

/* After one failed fsync, nothing more is trusted, even when fsync would
 * succeed again; a new open reads what reached the file. */
static void
test_fsync_failure_is_final(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*cause = NULL, *first;
	int		 rv;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	fault.fsync_file_errno = EIO;
	rv = journal_append(o.j, "b", "2", 1, &cause);
	assert_int_equal(rv, -1);
	first = xasprintf("%s: fsync failed: %s", f->path, strerror(EIO));
	assert_string_equal(cause, first);
	free(cause);
	fault.fsync_file_errno = 0;
	rv = journal_append(o.j, "c", "3", 1, &cause);
	assert_int_equal(rv, -1);
	assert_string_equal(cause, first);
	free(cause);
	rv = journal_mark_done(o.j, "a", &cause);
	assert_int_equal(rv, -1);
	assert_string_equal(cause, first);
	free(cause);
	assert_int_equal(journal_pending_count(o.j), 1);
	opened_free(&o);
	free(first);
	/* b's bytes reached the file even though their fsync failed. */
	expect_pending(f->path, (const char *[]){ "a", "b", NULL });
}

/* An fsync that fails while emptying the file breaks the journal too; the
 * done record was durable, so the id is done all the same. */
static void
test_fsync_failure_when_compacting(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*cause = NULL;
	int		 rv;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	fault.fsync_fail_at = 2;	/* the done record's passes */
	rv = journal_mark_done(o.j, "a", &cause);
	expect_fail(rv, cause, "fsync failed");
	assert_int_equal(journal_pending_count(o.j), 0);
	rv = journal_append(o.j, "b", "2", 1, &cause);
	expect_fail(rv, cause, "fsync failed");
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ NULL });
	assert_int_equal(size_of(f->path), 0);
}

/* A truncation that fails leaves the journal usable: the id is done, and
 * the next open empties the file once nothing is pending. */
static void
test_truncate_failure_when_compacting(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*cause = NULL;
	int		 rv;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	fault.ftruncate_errno = EIO;
	rv = journal_mark_done(o.j, "a", &cause);
	expect_fail(rv, cause, "cannot truncate");
	fault.ftruncate_errno = 0;
	assert_int_equal(journal_pending_count(o.j), 0);
	append_ok(o.j, "b", "2");
	opened_free(&o);
	expect_pending(f->path, (const char *[]){ "b", NULL });

	open_ok(f->path, &o);
	fault.ftruncate_errno = EIO;
	rv = journal_mark_done(o.j, "b", &cause);
	expect_fail(rv, cause, "cannot truncate");
	fault.ftruncate_errno = 0;
	opened_free(&o);
	assert_true(size_of(f->path) > 0);
	expect_pending(f->path, (const char *[]){ NULL });
	assert_int_equal(size_of(f->path), 0);
}

/* A write that fails half-way is cut back off: the journal goes on, and
 * the next open finds no damage. */
static void
test_write_failure_recovers(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*cause = NULL;
	long long	 before;
	int		 rv;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	before = size_of(f->path);
	fault.write_max = 5;		/* part of the record goes in ... */
	fault.write_fail_after = 3;	/* ... then the disk is full */
	rv = journal_append(o.j, "b", "a payload longer than ten", 25, &cause);
	expect_fail(rv, cause, "cannot write: No space left on device");
	assert_int_equal(size_of(f->path), before);
	memset(&fault, 0, sizeof fault);
	/* The refused id was never written: it may be tried again. */
	append_ok(o.j, "b", "again");
	opened_free(&o);
	open_ok(f->path, &o);
	assert_false(o.damage.torn);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.pending[1].payload, "again");
	opened_free(&o);
}

/* A partial record that cannot be cut back off would hide every later
 * record: the journal stops taking any. */
static void
test_write_failure_uncut(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	char		*cause = NULL;
	int		 rv;

	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	fault.write_max = 5;
	fault.write_fail_after = 2;
	fault.ftruncate_errno = EIO;
	rv = journal_append(o.j, "b", "a payload longer than ten", 25, &cause);
	expect_fail(rv, cause, "cannot write: No space left on device");
	memset(&fault, 0, sizeof fault);
	rv = journal_append(o.j, "c", "3", 1, &cause);
	expect_fail(rv, cause, "cannot cut a failed write back off");
	rv = journal_mark_done(o.j, "a", &cause);
	expect_fail(rv, cause, "cannot cut a failed write back off");
	opened_free(&o);

	open_ok(f->path, &o);
	assert_true(o.damage.torn);
	assert_int_equal(o.damage.dropped_bytes, 5);
	assert_string_equal(o.damage.reason, "record cut short");
	assert_int_equal(o.n, 1);
	assert_string_equal(o.pending[0].id, "a");
	opened_free(&o);
}

/* write(2) may take part of a record; the rest follows. */
static void
test_short_writes(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;
	const char	*payload = "{\"op\":\"start\",\"action\":\"A-17\"}";

	open_ok(f->path, &o);
	fault.write_max = 3;
	append_ok(o.j, "a", payload);
	done_ok(o.j, "a");
	append_ok(o.j, "b", payload);
	fault.write_max = 0;
	opened_free(&o);
	open_ok(f->path, &o);
	assert_false(o.damage.torn);
	assert_int_equal(o.n, 1);
	assert_string_equal(o.pending[0].id, "b");
	assert_string_equal(o.pending[0].payload, payload);
	opened_free(&o);
}

/* Every new name is made durable in its directory: state/ in the test's
 * directory, opsdeck/ in state/, journal (and journal.lock) in opsdeck/. */
static void
test_directory_fsync_count(void **state)
{
	struct fixture	*f = *state;
	struct opened	 o;

	open_ok(f->path, &o);
	assert_int_equal(fault.dir_fsyncs, 3);
	opened_free(&o);
	fault.dir_fsyncs = 0;
	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	assert_int_equal(fault.dir_fsyncs, 0);
	opened_free(&o);
	unlink(f->path);
	open_ok(f->path, &o);
	assert_int_equal(fault.dir_fsyncs, 1);
	opened_free(&o);
}

/* A file system that cannot fsync a directory (EINVAL) is no error; a
 * failure is. */
static void
test_directory_fsync(void **state)
{
	struct fixture		*f = *state;
	struct opened		 o;
	struct journal		*j;
	struct journal_entry	*pending;
	struct journal_damage	 damage;
	size_t			 n;
	pid_t			 holder;
	char			*cause = NULL;
	int			 rv;

	fault.fsync_dir_errno = EIO;
	rv = journal_open(f->path, &j, &pending, &n, &damage, &holder, &cause);
	expect_fail(rv, cause, "cannot fsync directory");
	assert_null(j);

	fault.fsync_dir_errno = EINVAL;
	unlink(f->path);
	open_ok(f->path, &o);
	append_ok(o.j, "a", "1");
	opened_free(&o);
	fault.fsync_dir_errno = 0;
	expect_pending(f->path, (const char *[]){ "a", NULL });
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_round_trip),
		T(test_format_as_documented),
		T(test_mark_done),
		T(test_compaction),
		T(test_open_compacts_done_work),
		T(test_order_many),
		T(test_torn_write_every_offset),
		T(test_torn_done_every_offset),
		T(test_flipped_bits),
		T(test_garbage_after_records),
		T(test_bad_fields),
		T(test_huge_length),
		T(test_payload_limit),
		T(test_ids),
		T(test_mark_done_refused),
		T(test_contradictions),
		T(test_newer_format),
		T(test_not_a_regular_file),
		T(test_busy_same_process),
		T(test_busy_other_process),
		T(test_close_on_exec),
		T(test_default_path),
		T(test_default_path_created),
		T(test_fsync_failure_is_final),
		T(test_fsync_failure_when_compacting),
		T(test_truncate_failure_when_compacting),
		T(test_write_failure_recovers),
		T(test_write_failure_uncut),
		T(test_short_writes),
		T(test_directory_fsync_count),
		T(test_directory_fsync),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
