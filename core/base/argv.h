/*
 * Argument vectors from configuration text: the deploy and rollback
 * commands run with execvp, never through a shell (spec §5).
 */
#ifndef OPSDECK_ARGV_H
#define OPSDECK_ARGV_H

/* Words split on blanks, double quotes group, backslash escapes; no shell.
 * 0 on success with *argv NULL-terminated (free with argv_free), -1 with
 * *cause (caller frees) on an unterminated quote or trailing backslash or an
 * empty command. */
int	argv_split(const char *s, char ***argv, char **cause)
	    __attribute__((warn_unused_result));
void	argv_free(char **argv);

#endif
