/*
 * The held conditions (see alert-seen.h).  Linear probing over a table at
 * most half full, so a probe sequence stays short; the slots hold indexes
 * into the dense array, so growing or sweeping the array moves no slot
 * contents other than by a rebuild.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "alert-seen.h"
#include "xalloc.h"

#define SEEN_MIN_SLOTS	64

/* FNV-1a over the subject, with the kind folded in first. */
static uint32_t
seen_hash(enum alert_kind kind, const char *subject)
{
	uint32_t		 h = 2166136261u ^ (uint32_t)kind;
	const unsigned char	*p;

	h *= 16777619u;
	for (p = (const unsigned char *)subject; *p != '\0'; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

/* Puts v[i] into the first free slot of its probe sequence. */
static void
seen_index(struct seen_table *t, size_t i)
{
	size_t mask = t->n_slots - 1;
	size_t s = seen_hash(t->v[i].kind, t->v[i].subject) & mask;

	while (t->slots[s] != 0)
		s = (s + 1) & mask;
	t->slots[s] = (uint32_t)(i + 1);
}

/* A fresh index of n_slots slots for everything in v. */
static void
seen_reindex(struct seen_table *t, size_t n_slots)
{
	size_t i;

	if (n_slots != t->n_slots) {
		free(t->slots);
		t->slots = xcalloc(n_slots, sizeof *t->slots);
		t->n_slots = n_slots;
	} else
		memset(t->slots, 0, n_slots * sizeof *t->slots);
	for (i = 0; i < t->n; i++)
		seen_index(t, i);
}

/* Room for one more, the index kept at most half full. */
static void
seen_reserve(struct seen_table *t)
{
	size_t slots = t->n_slots != 0 ? t->n_slots : SEEN_MIN_SLOTS;

	if (t->n == t->cap) {
		t->cap = t->cap != 0 ? t->cap * 2 : 16;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	while (2 * (t->n + 1) > slots)
		slots *= 2;
	if (slots != t->n_slots)
		seen_reindex(t, slots);
}

struct alert_seen *
seen_hold(struct seen_table *t, enum alert_kind kind, const char *subject,
    uint64_t now_ms, const char *wall)
{
	struct alert_seen	*s;
	size_t			 mask, slot;

	seen_reserve(t);
	mask = t->n_slots - 1;
	for (slot = seen_hash(kind, subject) & mask; t->slots[slot] != 0;
	    slot = (slot + 1) & mask) {
		s = &t->v[t->slots[slot] - 1];
		if (s->kind == kind && strcmp(s->subject, subject) == 0) {
			s->held = true;
			return s;
		}
	}
	s = &t->v[t->n];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->subject = xstrdup(subject);
	s->first_ms = now_ms;
	memcpy(s->first_wall, wall, MODEL_TS_LEN);
	s->held = true;
	t->slots[slot] = (uint32_t)(++t->n);
	return s;
}

void
seen_sweep(struct seen_table *t)
{
	size_t i, j = 0, slots;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].held) {
			t->v[i].held = false;
			t->v[j++] = t->v[i];
		} else
			free(t->v[i].subject);
	}
	if (j == t->n)
		return;		/* nothing moved: the index still holds */
	t->n = j;
	if (t->n_slots == 0)
		return;
	/* After a storm has passed, a smaller index (kept at most a
	 * quarter full, so that the next few arrivals do not grow it). */
	slots = t->n_slots;
	while (slots > SEEN_MIN_SLOTS && 8 * t->n < slots)
		slots /= 2;
	seen_reindex(t, slots);
}

void
seen_free(struct seen_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].subject);
	free(t->v);
	free(t->slots);
	memset(t, 0, sizeof *t);
}
