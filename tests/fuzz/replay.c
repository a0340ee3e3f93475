#include "autoconfig.h"

/*
 * Runs inputs through LLVMFuzzerTestOneInput without libFuzzer, so that
 * `make check` replays the seed corpus with the ordinary compiler (and, in
 * the second CI pass, under ASan and UBSan).  No timed fuzzing happens here.
 *
 *	replay-TARGET DIR|FILE...
 *
 * The empty input runs first, as with libFuzzer; then every regular file of
 * each directory in name order, each in a buffer of its exact size so that
 * the sanitizers see a read past the end.  A broken promise aborts; a
 * missing or empty corpus directory is an error too, so that a wrong path
 * cannot pass by replaying nothing.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xalloc.h"

static int	run_file(const char *path);
static int	run_dir(const char *dir);
static int	not_hidden(const struct dirent *);

/* Reads path whole into a buffer of its size; -1 with a message on error. */
static int
run_file(const char *path)
{
	FILE		*fp;
	struct stat	 st;
	uint8_t		*buf;
	size_t		 len;

	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	len = (size_t)st.st_size;
	buf = xmalloc(len);
	if (fread(buf, 1, len, fp) != len) {
		fprintf(stderr, "replay: %s: short read\n", path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	/* Named first, so that a crash report says which input it was. */
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Returns how many files ran, or -1. */
static int
run_dir(const char *dir)
{
	struct dirent	**names;
	struct stat	  st;
	char		 *path;
	int		  n, i, ran = 0, rv = 0;

	if ((n = scandir(dir, &names, not_hidden, alphasort)) == -1) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]->d_name);
		if (rv == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) != 0)
				rv = -1;
			else
				ran++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (rv == 0 && ran == 0) {
		fprintf(stderr, "replay: %s: no inputs\n", dir);
		rv = -1;
	}
	return rv == 0 ? ran : -1;
}

int
main(int argc, char **argv)
{
	struct stat	st;
	int		i, n, total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			n = run_dir(argv[i]);
		else
			n = run_file(argv[i]) == 0 ? 1 : -1;
		if (n == -1)
			return 1;
		total += n;
	}
	printf("%s: %d inputs replayed\n", argv[0], total);
	return 0;
}
