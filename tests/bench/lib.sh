# shellcheck shell=bash
# Shared by the benchmarks in tests/bench (sourced, never run).
#
#   . "$(dirname "$0")/lib.sh"
#   bench_init NAME          # $top_srcdir, $top_builddir, $BENCH_TMP, traps
#   bench_on_exit CMD...     # run CMD at exit (last registered runs first)
#   bench_pg_start [-c opt=value ...]   # throwaway server, extra options
#   bench_cc OUT SRC...      # compile a C source against the built tree
#   bench_runstat ARGS...    # tests/bench/runstat.py
#   bench_machine            # one paragraph describing this machine
#
# Everything a benchmark starts is stopped by the exit trap, also on ^C.

bench_init() {
	BENCH_NAME=$1
	BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	top_srcdir=${top_srcdir:-$(cd "$BENCH_DIR/../.." && pwd)}
	if [ -z "${top_builddir:-}" ]; then
		if [ -x "$top_srcdir/opsdeck" ]; then
			top_builddir=$top_srcdir
		else
			top_builddir=$top_srcdir/_build
		fi
	fi
	top_builddir=$(cd "$top_builddir" && pwd)
	export top_srcdir top_builddir
	OPSDECK=${OPSDECK:-$top_builddir/opsdeck}
	OPSDECK_SIM=${OPSDECK_SIM:-$top_builddir/opsdeck-sim}
	PYTHON=${PYTHON:-python3}
	[ -x "$OPSDECK" ] || bench_die "$OPSDECK not built (cd _build && make)"
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-bench-$BENCH_NAME.XXXXXX") ||
		bench_die "cannot create a temporary directory"
	chmod 755 "$BENCH_TMP"
	_bench_exit_cmds=()
	trap _bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# Private copies: every run measures the same binaries even if the
	# tree is rebuilt meanwhile.
	cp "$OPSDECK" "$BENCH_TMP/opsdeck" || bench_die "cannot copy $OPSDECK"
	OPSDECK=$BENCH_TMP/opsdeck
	if [ -x "$OPSDECK_SIM" ]; then
		cp "$OPSDECK_SIM" "$BENCH_TMP/opsdeck-sim" && OPSDECK_SIM=$BENCH_TMP/opsdeck-sim
	fi
	export BENCH_TMP
	# opsdeck must not pick up the user's own configuration.
	export XDG_CONFIG_HOME=$BENCH_TMP/xdg HOME=$BENCH_TMP/home
	mkdir -p "$XDG_CONFIG_HOME" "$HOME"
	# shellcheck source=tests/lib/pg.sh
	. "$top_srcdir/tests/lib/pg.sh"
}

# runstat.py (see there): a command's wall time, CPU time and peak RSS.
bench_runstat() {
	"$PYTHON" "$BENCH_DIR/runstat.py" "$@"
}

bench_die() {
	echo "$BENCH_NAME: $*" >&2
	exit 1
}

bench_on_exit() {
	_bench_exit_cmds+=("$*")
}

_bench_cleanup() {
	local i
	for ((i = ${#_bench_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${_bench_exit_cmds[$i]}" || true
	done
	[ -n "${BENCH_TMP:-}" ] && rm -rf "$BENCH_TMP"
}

# Like pg_throwaway_start (tests/lib/pg.sh), plus the server options given,
# e.g. shared_preload_libraries, which need them at start.  Sets the same
# variables, so pg_throwaway_createdb and pg_throwaway_stop work as usual.
bench_pg_start() {
	local bindir extra="" dir
	bindir=$(pg_bindir) || bench_die "PostgreSQL server not installed (apt-get install postgresql)"
	while [ $# -gt 0 ]; do
		extra="$extra $1"
		shift
	done
	dir=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-pg.XXXXXX")
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	PG_THROWAWAY_DIR=$dir
	bench_on_exit pg_throwaway_stop
	PGPORT=$(pg_free_port)
	pg_as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; bench_die "initdb failed"; }
	pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-k $dir -p $PGPORT -h 127.0.0.1 -c fsync=off -c full_page_writes=off$extra" \
		start >/dev/null || { cat "$dir/server.log" >&2; bench_die "PostgreSQL did not start"; }
	PGHOST=$dir PGUSER=postgres PGDATABASE=postgres
	PG_THROWAWAY_BINDIR=$bindir
	export PGHOST PGPORT PGUSER PGDATABASE PG_THROWAWAY_DIR PG_THROWAWAY_BINDIR
	# What opsdeck and the C benchmarks are given: TCP on the loopback, as a
	# database on another host would be reached (a Unix socket is faster).
	# shellcheck disable=SC2034
	BENCH_PG_TCP="host=127.0.0.1 port=$PGPORT user=postgres"
}

bench_cc() {
	local out=$1
	shift
	# shellcheck disable=SC2046
	${CC:-cc} -O2 -g -Wall -Wextra -I"$top_builddir" \
		-I"$top_srcdir/core/base" -I"$top_srcdir/core/io" \
		-I"$top_srcdir/core/domain" -I"$top_srcdir/core/live" \
		-o "$out" "$@" "$top_builddir/core/live/liblive.a" \
		"$top_builddir/core/domain/libdomain.a" \
		"$top_builddir/core/io/libio.a" "$top_builddir/core/base/libbase.a" \
		$(pkg-config --cflags --libs libuv libpq libcurl libcjson inih) -lm -ldl ||
		bench_die "cannot compile $*"
}

bench_machine() {
	local cpu pgv
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	pgv=$("$(pg_bindir)/postgres" --version 2>/dev/null | sed 's/^postgres (PostgreSQL) //')
	echo "date $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs (${cpu:-unknown}), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo)"
	echo "kernel $(uname -r), PostgreSQL ${pgv:-?}, libuv $(pkg-config --modversion libuv), libcurl $(pkg-config --modversion libcurl), $("$OPSDECK" --version 2>/dev/null | head -1)"
}
