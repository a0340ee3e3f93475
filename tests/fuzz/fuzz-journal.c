#include "autoconfig.h"

/*
 * core/io/journal.c against journal.h and docs/journal.md.
 *
 * Input: the whole journal file.  It is written to one file in a
 * temporary directory (made on the first run) and opened.
 *
 * The harness reads the input itself, with a reader written from
 * docs/journal.md, and holds journal_open to what that reader finds:
 * refused (-1, the file untouched) exactly when the records contradict
 * each other or the first one is of a newer format; else the pending
 * writes, byte for byte and in order, the damage at the first bad record
 * and the file cut there (or emptied when nothing is pending).  Then the
 * journal must take a new record that a reopen finds after the others,
 * and marking everything done must leave an empty file.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "fuzz.h"
#include "journal.h"
#include "xalloc.h"

#define MAX_WRITES	4096

/* What docs/journal.md says the input holds. */
struct expected {
	bool		 too_many;	/* more writes than this harness holds */
	bool		 refused;
	size_t		 good_end;	/* bytes before the first bad record */
	size_t		 nwrites;
	struct {
		const uint8_t	*id;
		size_t		 idlen;
		const uint8_t	*payload;
		size_t		 len;
		bool		 done;
	} w[MAX_WRITES];
};

static char		*dir;
static char		*path;
static struct expected	 want;

static void	setup(void);
static void	cleanup(void);
static void	die(const char *) __attribute__((noreturn));
static void	put_file(const uint8_t *, size_t);
static uint8_t	*get_file(size_t *);
static uint32_t	le32(const uint8_t *);
static bool	record_good(const uint8_t *, size_t, size_t *);
static int	record_apply(struct expected *, const uint8_t *);
static void	expect(struct expected *, const uint8_t *, size_t);
static size_t	pending_count(const struct expected *);
static void	check_refused(const uint8_t *, size_t, int, char *);
static void	check_opened(const uint8_t *, size_t, struct journal_entry *,
		    size_t, const struct journal_damage *);
static void	check_goes_on(struct journal *, struct journal_entry *,
		    size_t);

static int
remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void
cleanup(void)
{
	if (dir != NULL)
		nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	free(path);
	free(dir);
}

/* The harness itself failed, not journal.c. */
static void
die(const char *what)
{
	perror(what);
	abort();
}

static void
setup(void)
{
	const char	*tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	dir = xasprintf("%s/opsdeck-fuzz-journal.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL)
		die(dir);
	path = xasprintf("%s/journal", dir);
	atexit(cleanup);
}

static void
put_file(const uint8_t *data, size_t size)
{
	FILE	*fp = fopen(path, "wb");

	if (fp == NULL || (size > 0 && fwrite(data, 1, size, fp) != size) ||
	    fclose(fp) != 0)
		die(path);
}

static uint8_t *
get_file(size_t *size)
{
	FILE		*fp = fopen(path, "rb");
	struct stat	 st;
	uint8_t		*buf;

	if (fp == NULL || fstat(fileno(fp), &st) != 0)
		die(path);
	*size = (size_t)st.st_size;
	buf = xmalloc(*size + 1);
	if (fread(buf, 1, *size, fp) != *size)
		die(path);
	fclose(fp);
	return buf;
}

/* ---- the reader of docs/journal.md --------------------------------------- */

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Whether the rem bytes at p start with a whole, good record; its size. */
static bool
record_good(const uint8_t *p, size_t rem, size_t *size)
{
	size_t		n, m, i;
	uLong		crc;

	if (memcmp(p, "ODJ1", rem < 4 ? rem : 4) != 0 || rem < 6)
		return false;
	if (p[4] != 'W' && p[4] != 'D')
		return false;
	n = p[5];
	if (n < 1 || n > 64 || rem < 6 + n + 4)
		return false;
	m = le32(p + 6 + n);
	if ((p[4] == 'D' && m != 0) || m > 1048576 || rem < 14 + n + m)
		return false;
	crc = crc32(crc32(0L, Z_NULL, 0), p, (uInt)(10 + n + m));
	if ((uint32_t)crc != le32(p + 10 + n + m))
		return false;
	for (i = 0; i < n; i++) {
		if (p[6 + i] < 0x21 || p[6 + i] > 0x7e)
			return false;
	}
	*size = 14 + n + m;
	return true;
}

/* -1 when the record contradicts the ones before it. */
static int
record_apply(struct expected *e, const uint8_t *p)
{
	size_t	n = p[5], i;

	for (i = 0; i < e->nwrites; i++) {
		if (e->w[i].idlen == n && memcmp(e->w[i].id, p + 6, n) == 0)
			break;
	}
	if (p[4] == 'W') {
		if (i < e->nwrites)
			return -1;
		if (e->nwrites == MAX_WRITES) {
			e->too_many = true;
			return 0;
		}
		e->w[i].id = p + 6;
		e->w[i].idlen = n;
		e->w[i].len = le32(p + 6 + n);
		e->w[i].payload = p + 10 + n;
		e->w[i].done = false;
		e->nwrites++;
		return 0;
	}
	if (i == e->nwrites || e->w[i].done)
		return -1;
	e->w[i].done = true;
	return 0;
}

static void
expect(struct expected *e, const uint8_t *data, size_t size)
{
	size_t	off = 0, rec;

	memset(e, 0, sizeof *e);
	if (size >= 4 && memcmp(data, "ODJ", 3) == 0 && data[3] >= '0' &&
	    data[3] <= '9' && data[3] != '1') {
		e->refused = true;
		return;
	}
	while (!e->too_many && off < size &&
	    record_good(data + off, size - off, &rec)) {
		if (record_apply(e, data + off) == -1) {
			e->refused = true;
			return;
		}
		off += rec;
	}
	e->good_end = off;
}

static size_t
pending_count(const struct expected *e)
{
	size_t	i, n = 0;

	for (i = 0; i < e->nwrites; i++)
		n += !e->w[i].done;
	return n;
}

/* ---- the promises -------------------------------------------------------- */

static void
check_refused(const uint8_t *data, size_t size, int rv, char *cause)
{
	uint8_t	*after;
	size_t	 after_size;

	PROMISE(want.refused);
	PROMISE(rv == -1);
	PROMISE(cause != NULL && fuzz_printable_ascii(cause));
	after = get_file(&after_size);
	PROMISE(after_size == size && memcmp(after, data, size) == 0);
	free(after);
}

static void
check_opened(const uint8_t *data, size_t size, struct journal_entry *pending,
    size_t npending, const struct journal_damage *damage)
{
	uint8_t	*after;
	size_t	 after_size, i, k = 0;

	PROMISE(!want.refused);
	PROMISE(damage->torn == (want.good_end < size));
	if (damage->torn) {
		PROMISE(damage->offset == (long long)want.good_end);
		PROMISE(damage->dropped_bytes ==
		    (long long)(size - want.good_end));
		PROMISE(damage->reason[0] != '\0' &&
		    fuzz_printable_ascii(damage->reason));
	}
	PROMISE(npending == pending_count(&want));
	for (i = 0; i < want.nwrites; i++) {
		if (want.w[i].done)
			continue;
		PROMISE(strlen(pending[k].id) == want.w[i].idlen &&
		    memcmp(pending[k].id, want.w[i].id, want.w[i].idlen) == 0);
		PROMISE(pending[k].len == want.w[i].len &&
		    memcmp(pending[k].payload, want.w[i].payload,
		    want.w[i].len) == 0);
		PROMISE(pending[k].payload[pending[k].len] == '\0');
		k++;
	}
	after = get_file(&after_size);
	if (npending == 0)
		PROMISE(after_size == 0);
	else
		PROMISE(after_size == want.good_end &&
		    memcmp(after, data, after_size) == 0);
	free(after);
}

/* A new record lands after the others; everything done empties the file. */
static void
check_goes_on(struct journal *j, struct journal_entry *pending, size_t n)
{
	struct journal_entry	*again;
	struct journal_damage	 damage;
	size_t			 nagain, i, size;
	pid_t			 holder;
	char			*cause, id[32];
	uint8_t			*after;
	unsigned		 k = 0;

	/* An id that no write of the input has. */
	do {
		snprintf(id, sizeof id, "fuzz-new-%u", k++);
		for (i = 0; i < want.nwrites; i++) {
			if (want.w[i].idlen == strlen(id) &&
			    memcmp(want.w[i].id, id, want.w[i].idlen) == 0)
				break;
		}
	} while (i < want.nwrites);
	PROMISE(journal_append(j, id, "new", 3, &cause) == 0);
	journal_close(j);
	PROMISE(journal_open(path, &j, &again, &nagain, &damage, &holder,
	    &cause) == 0);
	PROMISE(!damage.torn && nagain == n + 1);
	for (i = 0; i < n; i++)
		PROMISE(strcmp(again[i].id, pending[i].id) == 0);
	PROMISE(strcmp(again[n].id, id) == 0 && again[n].len == 3);
	for (i = 0; i < nagain; i++)
		PROMISE(journal_mark_done(j, again[i].id, &cause) == 0);
	PROMISE(journal_pending_count(j) == 0);
	journal_entries_free(again, nagain);
	journal_close(j);
	after = get_file(&size);
	PROMISE(size == 0);
	free(after);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal		*j;
	struct journal_entry	*pending;
	struct journal_damage	 damage;
	size_t			 n;
	pid_t			 holder;
	char			*cause;
	int			 rv;

	if (path == NULL)
		setup();
	expect(&want, data, size);
	if (want.too_many)
		return 0;
	put_file(data, size);
	rv = journal_open(path, &j, &pending, &n, &damage, &holder, &cause);
	PROMISE(rv == 0 || rv == -1);
	if (rv == -1) {
		check_refused(data, size, rv, cause);
		free(cause);
		return 0;
	}
	PROMISE(cause == NULL && j != NULL && holder == 0);
	PROMISE(journal_pending_count(j) == n);
	check_opened(data, size, pending, n, &damage);
	check_goes_on(j, pending, n);
	journal_entries_free(pending, n);
	return 0;
}
