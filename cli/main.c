/*
 * opsdeck: parse the command line, load the configuration, dispatch.
 */
#include "autoconfig.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "options.h"
#include "xalloc.h"

/* An explicit --config must exist; the default path may be absent. */
static int
load_config(const struct options *o, struct config *cfg)
{
	char *path, *cause = NULL;
	int rc = 0;

	config_init_defaults(cfg);
	path = o->config_path ? xstrdup(o->config_path) : config_default_path();
	if (path != NULL && (o->config_path != NULL || access(path, F_OK) == 0)) {
		if (config_load(cfg, path, &cause) != 0) {
			fprintf(stderr, "opsdeck: %s\n", cause);
			free(cause);
			rc = -1;
		}
	}
	free(path);
	if (rc == 0 && o->db != NULL) {
		free(cfg->db.conninfo);
		cfg->db.conninfo = xstrdup(o->db);
	}
	if (rc == 0 && (o->read_only || o->wall))
		cfg->ui.read_only = true;
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct config cfg;
	const struct command *cmd;
	char *cause = NULL;
	int rc;

	setlocale(LC_ALL, "");
	/* Our own strtod and printf must read and write '.' decimals. */
	setlocale(LC_NUMERIC, "C");
	signal(SIGPIPE, SIG_IGN);

	if (options_parse(&o, argc, argv, &cause) != 0) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (o.help) {
		options_usage();
		return 0;
	}
	if (o.version) {
		printf("opsdeck %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (load_config(&o, &cfg) != 0) {
		config_free(&cfg);
		return EXIT_USAGE;
	}
	cmd = command_find(o.command);
	/* Read-only is enforced here, once, for every command that writes
	 * (spec §6.4); the cockpit's keys check the same setting. */
	if ((cmd->flags & CMD_WRITES) && cfg.ui.read_only) {
		fprintf(stderr, "opsdeck: %s refused: read-only (%s)\n", o.command,
		    o.wall ? "--wall" : o.read_only ? "--read-only" :
		    "[ui] read_only");
		config_free(&cfg);
		return EXIT_REFUSED;
	}
	rc = cmd->run(&o, &cfg);
	config_free(&cfg);
	return rc;
}
