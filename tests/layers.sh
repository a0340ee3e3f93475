#!/bin/sh
# shellcheck shell=bash
# The layers are walls: every quoted #include of core/, cli/, tui/ and sim/
# names a header of a folder its own folder may see.  core/ is five layers,
# lowest first (base, io, domain, live, report); a layer sees itself and
# those below; cli/ and tui/ sit on top and never see io/ (the TUI reads
# the orchestrator's view, it never talks to the database or the network);
# tui/ never sees cli/.  The build enforces the core part with include
# folders; this test states the whole rule and names each breach as
# FILE:LINE.  It also proves it can fail: a wrong-way include planted in a
# copy of a file must be reported.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top_srcdir" || exit 99

# folder: the folders whose headers it may include
declare -A SEES=(
	[core/base]="core/base"
	[core/io]="core/base core/io"
	[core/domain]="core/base core/io core/domain"
	[core/live]="core/base core/io core/domain core/live"
	[core/report]="core/base core/domain core/report"
	[tui]="core/base core/domain core/live tui"
	[cli]="core/base core/domain core/live core/report cli tui"
	[sim]="core/base sim"
)
# Headers that are generated or outside the tree's folders.
EXTERNAL="autoconfig.h theme-builtin.h"

# home HEADER: the folder holding it, or nothing.
home() {
	local d
	for d in "${!SEES[@]}"; do
		[ -f "$d/$1" ] && { echo "$d"; return; }
	done
}

# breaches ROOT FOLDER FILE...: prints FILE:LINE: includes X (folder Y)
# for every include the folder may not see; ROOT is where FILE is read.
breaches() {
	local root=$1 folder=$2 f line n inc h
	shift 2
	for f in "$@"; do
		n=0
		while IFS= read -r line; do
			n=$((n + 1))
			[[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]+\"([^\"]+)\" ]] || continue
			inc=${BASH_REMATCH[1]}
			case " $EXTERNAL " in *" $inc "*) continue ;; esac
			h=$(home "$inc")
			if [ -z "$h" ]; then
				echo "$f:$n: includes \"$inc\", which is in no folder of the tree"
			elif ! case " ${SEES[$folder]} " in *" $h "*) true ;; *) false ;; esac; then
				echo "$f:$n: includes \"$inc\" of $h/, which $folder/ may not see"
			fi
		done <"$root/$f"
	done
}

status=0
count=0
for folder in "${!SEES[@]}"; do
	files=$(ls "$folder"/*.[ch] 2>/dev/null)
	[ -n "$files" ] || continue
	# shellcheck disable=SC2086
	out=$(breaches . "$folder" $files)
	count=$((count + $(echo "$files" | wc -w)))
	if [ -n "$out" ]; then
		echo "$out"
		status=1
	fi
done
echo "# $count files checked"

# The test must be able to fail: a tui/ file that includes io/'s pg.h and a
# base/ file that includes domain/'s model.h, in a scratch copy.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/layers.XXXXXX") || exit 99
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tui" "$scratch/core/base"
printf '#include "pg.h"\n' >"$scratch/tui/planted.c"
printf '#include "xalloc.h"\n#include "model.h"\n' >"$scratch/core/base/planted.c"
planted=$( breaches "$scratch" tui tui/planted.c
	breaches "$scratch" core/base core/base/planted.c )
if [ "$(echo "$planted" | grep -c .)" -ne 2 ] ||
	! echo "$planted" | grep -q 'tui/planted.c:1: includes "pg.h" of core/io/' ||
	! echo "$planted" | grep -q 'core/base/planted.c:2: includes "model.h" of core/domain/'; then
	echo "the planted wrong-way includes were not both reported:"
	echo "$planted"
	status=1
fi
exit $status
