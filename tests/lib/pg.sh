# shellcheck shell=bash
# A throwaway PostgreSQL server in a temporary directory, for tests and the demo.
#
#   . tests/lib/pg.sh
#   pg_throwaway_start            # exports PGHOST PGPORT PGUSER PGDATABASE
#   pg_throwaway_createdb NAME    # an empty database with the seed schema
#   pg_throwaway_stop             # stops the server and removes the directory
#
# The server listens on a Unix socket inside its directory and on 127.0.0.1 at
# a free port, trusts local connections (it holds test data only) and is run
# as user postgres via runuser when we are root, because postgres refuses root.

pg_bindir() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

pg_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_free_port() {
	python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

pg_throwaway_start() {
	local bindir
	bindir=$(pg_bindir) || { echo "pg.sh: PostgreSQL server not installed (apt-get install postgresql)" >&2; return 1; }
	PG_THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-pg.XXXXXX")
	chmod 755 "$PG_THROWAWAY_DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_THROWAWAY_DIR"
	PGPORT=$(pg_free_port)
	pg_as_owner "$bindir/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres \
		--auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_THROWAWAY_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_THROWAWAY_DIR/initdb.log" >&2; return 1; }
	pg_as_owner "$bindir/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w \
		-o "-k $PG_THROWAWAY_DIR -p $PGPORT -h 127.0.0.1 -c fsync=off -c full_page_writes=off" \
		start >/dev/null || { cat "$PG_THROWAWAY_DIR/server.log" >&2; return 1; }
	PGHOST=$PG_THROWAWAY_DIR PGUSER=postgres PGDATABASE=postgres
	PG_THROWAWAY_BINDIR=$bindir
	export PGHOST PGPORT PGUSER PGDATABASE PG_THROWAWAY_DIR PG_THROWAWAY_BINDIR
}

# Stop the server but keep its directory (to test a database that goes away).
pg_throwaway_pause() {
	pg_as_owner "$PG_THROWAWAY_BINDIR/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w stop >/dev/null 2>&1
}

pg_throwaway_resume() {
	pg_as_owner "$PG_THROWAWAY_BINDIR/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w \
		-o "-k $PG_THROWAWAY_DIR -p $PGPORT -h 127.0.0.1 -c fsync=off -c full_page_writes=off" \
		start >/dev/null
}

pg_throwaway_stop() {
	[ -n "${PG_THROWAWAY_DIR:-}" ] && [ -d "$PG_THROWAWAY_DIR" ] || return 0
	pg_throwaway_pause
	rm -rf "$PG_THROWAWAY_DIR"
	unset PG_THROWAWAY_DIR
}

# A fresh database holding the seed schema (and nothing else).
pg_throwaway_createdb() {
	local name=$1 root
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\"" >/dev/null &&
		psql -X -q -v ON_ERROR_STOP=1 -d "$name" -f "$root/db/schema.sql" >/dev/null
}
