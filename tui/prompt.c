#include "autoconfig.h"

/*
 * The one-line editor behind / (search) and f (filter), and the filter
 * syntax: "owner=Jesse stage=middle status=blocked,in_progress".  A word
 * without '=' continues the previous value ("owner=Mary Ann"), values may
 * be comma-separated lists as on the command line, and an empty line
 * clears every filter.  Editing keys are fixed (Enter, Escape, BSpace,
 * C-u, C-w) because a prompt must stay usable whatever [keys] says.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
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
	while (p->len > 0 && ((unsigned char)p->buf[p->len] & 0xC0) == 0x80);
	p->buf[p->len] = '\0';
	return true;
}

static bool
prompt_insert(struct prompt *p, int cp)
{
	char	enc[4];
	size_t	n;

	if (cp < 0x80) {
		enc[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		enc[0] = (char)(0xC0 | (cp >> 6));
		enc[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		enc[0] = (char)(0xE0 | (cp >> 12));
		enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		enc[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		enc[0] = (char)(0xF0 | (cp >> 18));
		enc[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		enc[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		enc[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (p->len + n >= sizeof p->buf)
		return false;
	memcpy(p->buf + p->len, enc, n);
	p->len += n;
	p->buf[p->len] = '\0';
	return true;
}

enum prompt_result
prompt_key(struct prompt *p, int key)
{
	bool changed = false;

	if (key == KEYC_ENTER)
		return PROMPT_ACCEPT;
	if (key == KEYC_ESCAPE)
		return PROMPT_CANCEL;
	if (key == KEYC_BSPACE)
		changed = prompt_backspace(p);
	else if (key == ('u' & 0x1f)) {
		changed = p->len > 0;
		prompt_reset(p, "");
	} else if (key == ('w' & 0x1f)) {
		while (p->len > 0 && p->buf[p->len - 1] == ' ')
			changed |= prompt_backspace(p);
		while (p->len > 0 && p->buf[p->len - 1] != ' ')
			changed |= prompt_backspace(p);
	} else if (key >= 0x20 && key != 0x7f && key < KEYC_FN &&
	    (key < 0x80 || key >= 0xA0) && (key < 0xD800 || key > 0xDFFF))
		changed = prompt_insert(p, key);
	return changed ? PROMPT_EDITED : PROMPT_UNCHANGED;
}

void
prompt_draw(const struct prompt *p, WINDOW *w, int y, int x, int width,
    const char *label)
{
	const char	*text = p->buf;
	int		 lw, room;

	lw = draw_text(w, y, x, width, label, theme_attr(ROLE_PROMPT),
	    ALIGN_LEFT);
	room = width - lw - 1;
	if (room <= 0)
		return;
	/* Show the end of a long line: that is where the typing is. */
	while (*text != '\0' && text_width(text) > room) {
		text++;
		while (((unsigned char)*text & 0xC0) == 0x80)
			text++;
	}
	lw += draw_text(w, y, x + lw, room, text, theme_attr(ROLE_NORMAL),
	    ALIGN_LEFT);
	draw_text(w, y, x + lw, 1, " ", theme_attr(ROLE_SELECTION),
	    ALIGN_LEFT);
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
