/*
 * opsdeck deploy|rollback SERVICE [--yes] (spec §1, §6.3): the cockpit's
 * runner from the command line.  Unless --yes, the operator types the
 * service's name at the terminal to confirm; without a terminal --yes is
 * required.  The command's output streams to stdout (made safe for a
 * terminal), each step to stderr.
 *
 * Exit: 0 done (and verified), 3 no database (nothing run), 4 refused
 * (lock held, no privilege, not confirmed, read-only), 5 the command
 * failed, timed out, was cancelled or failed verification.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "commands.h"
#include "deploy.h"
#include "health.h"
#include "operator.h"
#include "sanitize.h"
#include "xalloc.h"

struct deploy_cli {
	struct deploy		*deploy;
	struct health_checker	*health;
	char			 line[4096];	/* output not yet ended */
	size_t			 len;
	uv_signal_t		 sigint;
	int			 rc;
};

static void
cli_print_line(struct deploy_cli *c)
{
	char *safe;

	c->line[c->len] = '\0';
	safe = sanitize_text(c->line, 0);
	puts(safe);
	free(safe);
	c->len = 0;
}

static void
cli_on_bytes(void *arg, const char *data, size_t len)
{
	struct deploy_cli *c = arg;
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == '\n' || c->len == sizeof c->line - 1) {
			cli_print_line(c);
			if (data[i] == '\n')
				continue;
		}
		c->line[c->len++] = data[i];
	}
	fflush(stdout);
}

static void
cli_on_closed(uv_handle_t *h)
{
	(void)h;
}

static void
cli_on_deploy(void *arg, int what, const char *message)
{
	struct deploy_cli *c = arg;

	(void)what;
	if (message != NULL)
		cli_say(stderr, message);
	switch (deploy_outcome(c->deploy)) {
	case DEPLOY_PENDING:
		return;
	case DEPLOY_OK:		c->rc = 0; break;
	case DEPLOY_REFUSED:	c->rc = EXIT_REFUSED; break;
	case DEPLOY_NO_DB:	c->rc = EXIT_DB; break;
	case DEPLOY_FAILED:	c->rc = EXIT_COMMAND; break;
	}
	if (c->len > 0)
		cli_print_line(c);
	deploy_close(c->deploy);
	health_close(c->health);
	uv_close((uv_handle_t *)&c->sigint, cli_on_closed);
}

/* ^C cancels the command (its whole process group) instead of leaving it
 * orphaned; the outcome is still recorded. */
static void
cli_on_sigint(uv_signal_t *s, int sig)
{
	struct deploy_cli *c = s->data;

	(void)sig;
	deploy_cancel(c->deploy);
}

/* The typed confirmation: the service's name, nothing else. */
static int
cli_confirm(const char *verb, const char *name)
{
	char answer[256];

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "opsdeck: %s refused: confirm by typing the "
		    "service's name at a terminal, or pass --yes\n", verb);
		return -1;
	}
	fprintf(stderr, "Type the service's name to %s %s: ", verb, name);
	fflush(stderr);
	if (fgets(answer, sizeof answer, stdin) == NULL)
		answer[0] = '\0';
	answer[strcspn(answer, "\r\n")] = '\0';
	if (strcmp(answer, name) != 0) {
		fprintf(stderr, "opsdeck: %s cancelled: the name typed does not "
		    "match; nothing run\n", verb);
		return -1;
	}
	return 0;
}

static int
cli_find_service(const struct config *cfg, const char *name, size_t *i)
{
	for (*i = 0; *i < cfg->n_services; (*i)++)
		if (strcmp(cfg->services[*i].name, name) == 0)
			return 0;
	return -1;
}

int
cmd_deploy(const struct options *o, const struct config *cfg)
{
	struct deploy_cli c;
	struct deploy_opts dopts;
	char *cause = NULL, *op, *shown;
	uv_loop_t loop;
	size_t svc;

	if (o->nargs != 1 || cli_find_service(cfg, o->args[0], &svc) != 0) {
		shown = text_escape(o->nargs > 0 ? o->args[0] : "", TEXT_SHOW_MAX);
		fprintf(stderr, "opsdeck: %s: no service '%s' in the "
		    "configuration\n", o->command, shown);
		free(shown);
		return EXIT_USAGE;
	}
	if (!o->yes && cli_confirm(o->command, cfg->services[svc].name) != 0)
		return EXIT_REFUSED;
	memset(&c, 0, sizeof c);
	uv_loop_init(&loop);
	c.health = health_new(&loop, cfg, NULL, NULL, &cause);
	if (c.health == NULL) {
		cli_say(stderr, cause);
		free(cause);
		uv_loop_close(&loop);
		return EXIT_USAGE;
	}
	health_start(c.health);
	op = operator_resolve(cfg->ui.operator);
	memset(&dopts, 0, sizeof dopts);
	dopts.cfg = cfg;
	dopts.service = svc;
	dopts.kind = strcmp(o->command, "rollback") == 0 ?
	    DEPLOY_KIND_ROLLBACK : DEPLOY_KIND_DEPLOY;
	dopts.operator = op;
	dopts.health = c.health;
	dopts.cb = cli_on_deploy;
	dopts.on_bytes = cli_on_bytes;
	dopts.arg = &c;
	c.deploy = deploy_start(&loop, &dopts, &cause);
	if (c.deploy == NULL) {
		cli_say(stderr, cause);
		free(cause);
		health_close(c.health);
		c.rc = EXIT_REFUSED;
	} else {
		uv_signal_init(&loop, &c.sigint);
		c.sigint.data = &c;
		uv_signal_start(&c.sigint, cli_on_sigint, SIGINT);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	free(op);
	return c.rc;
}
