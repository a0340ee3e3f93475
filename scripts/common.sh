# shellcheck shell=bash
# Shared by scripts/test and scripts/demo: the Debian packages opsdeck needs,
# installing them (as root) or naming them (otherwise), and the build.

OPSDECK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Build tools, the libraries' -dev packages, and what the tests drive.
OPSDECK_PACKAGES="gcc make autoconf automake pkg-config
 libuv1-dev libpq-dev libcurl4-openssl-dev libcjson-dev libinih-dev
 libncurses-dev zlib1g-dev libcmocka-dev postgresql tmux python3 curl procps time"

missing_packages() {
	local p missing=""
	for p in $OPSDECK_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	echo "$missing"
}

ensure_packages() {
	local missing
	missing=$(missing_packages)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "opsdeck needs these Debian packages; install them with:" >&2
		echo "  sudo apt-get install -y$missing" >&2
		return 1
	fi
	echo "== installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null &&
		apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		{ echo "apt-get install failed" >&2; return 1; }
}

# build_tree DIR [configure args...]: an out-of-tree build in DIR.
build_tree() {
	local dir=$1; shift
	if [ ! -x "$OPSDECK_ROOT/configure" ]; then
		(cd "$OPSDECK_ROOT" && ./autogen.sh >/dev/null 2>&1) ||
			{ echo "autogen.sh failed" >&2; return 1; }
	fi
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		(cd "$dir" && "$OPSDECK_ROOT/configure" "$@" >configure.out 2>&1) ||
			{ tail -20 "$dir/configure.out" >&2; return 1; }
	fi
	make -C "$dir" -j"$(nproc)" >"$dir/make.out" 2>&1 ||
		{ grep -E "error|Error" "$dir/make.out" | head -40 >&2; return 1; }
}
