#include "autoconfig.h"

/*
 * The one-line editor behind / (search) and f (filter), and the filter
 * syntax: "owner=Jesse stage=middle status=blocked,in_progress".  A word
 * without '=' continues the previous value ("owner=Mary Ann"), values may
 * be comma-separated lists as on the command line, and an empty line
 * clears every filter.  Which key makes which edit is the prompt key
 * table's (keys.c): fixed (Enter, Escape, BSpace, C-u, C-w), because a
 * prompt must stay usable whatever [keys] says.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prompt.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const prompt_fields[3] = { "owner", "stage", "status" };

void
prompt_reset(struct prompt *p, const char *initial)
{
	snprintf(p->buf, sizeof p->buf, "%s", initial != NULL ? initial : "");
	p->len = strlen(p->buf);
}

/* Removes the last UTF-8 character. */
static bool
prompt_backspace(struct prompt *p)
{
	if (p->len == 0)
		return false;
	do
		p->len--;
	while (p->len > 0 && UTF8_CONT(p->buf[p->len]));
	p->buf[p->len] = '\0';
	return true;
}

static bool
prompt_insert(struct prompt *p, int cp)
{
	char	enc[UTF8_MAX];
	size_t	n = utf8_put(enc, (uint32_t)cp);

	if (p->len + n >= sizeof p->buf)
		return false;
	memcpy(p->buf + p->len, enc, n);
	p->len += n;
	p->buf[p->len] = '\0';
	return true;
}

/* Deletes back to the start of the word before the end (C-w). */
static bool
prompt_delete_word(struct prompt *p)
{
	bool changed = false;

	while (p->len > 0 && p->buf[p->len - 1] == ' ')
		changed |= prompt_backspace(p);
	while (p->len > 0 && p->buf[p->len - 1] != ' ')
		changed |= prompt_backspace(p);
	return changed;
}

bool
prompt_edit(struct prompt *p, enum action a, int key)
{
	bool changed;

	switch (a) {
	case ACT_INSERT:
		return keys_is_text(key) && prompt_insert(p, key);
	case ACT_DELETE_CHAR:
		return prompt_backspace(p);
	case ACT_DELETE_WORD:
		return prompt_delete_word(p);
	case ACT_DELETE_LINE:
		changed = p->len > 0;
		prompt_reset(p, "");
		return changed;
	default:
		return false;
	}
}

static int
prompt_field(const char *name)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (strcmp(name, prompt_fields[i]) == 0)
			return i;
	}
	return -1;
}

int
prompt_parse_filter(const char *s, char *out[3], char **cause)
{
	char	*copy, *word, *save = NULL, *eq, *next;
	int	 i, cur = -1;

	for (i = 0; i < 3; i++)
		out[i] = NULL;
	copy = xstrdup(s);
	for (word = strtok_r(copy, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if ((eq = strchr(word, '=')) == NULL) {
			if (cur < 0 || out[cur] == NULL) {
				*cause = xasprintf("expected field=value at "
				    "'%s' (owner=, stage=, status=)", word);
				goto fail;
			}
			next = xasprintf("%s %s", out[cur], word);
			free(out[cur]);
			out[cur] = next;
			continue;
		}
		*eq = '\0';
		if ((cur = prompt_field(word)) < 0) {
			*cause = xasprintf("unknown filter field '%s' (owner, "
			    "stage, status)", word);
			goto fail;
		}
		free(out[cur]);
		out[cur] = eq[1] != '\0' ? xstrdup(eq + 1) : NULL;
	}
	free(copy);
	return 0;
fail:
	free(copy);
	for (i = 0; i < 3; i++) {
		free(out[i]);
		out[i] = NULL;
	}
	return -1;
}

void
prompt_filter_text(const char *owner, const char *stage, const char *status,
    char *buf, size_t len)
{
	const char	*v[3] = { owner, stage, status };
	size_t		 used = 0;
	int		 i, n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (v[i] == NULL)
			continue;
		n = snprintf(buf + used, len - used, "%s%s=%s",
		    used > 0 ? " " : "", prompt_fields[i], v[i]);
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0';	/* no half a field */
			break;
		}
		used += (size_t)n;
	}
}
