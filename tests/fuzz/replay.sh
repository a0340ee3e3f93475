#!/bin/sh
# Replays the seed corpus of every fuzz target (tests/fuzz/corpus/TARGET)
# through its harness, built with the ordinary compiler: each promise the
# harness checks must hold for each seed.  Nothing is fuzzed here; see
# docs/fuzzing.md for `make fuzz`.
#
# Run: top_builddir=_build top_srcdir=. sh tests/fuzz/replay.sh
# Exit: 0 all passed, 1 something failed.

set -u
: "${top_builddir:=.}"
: "${top_srcdir:=.}"

n=0
fails=0
for target in prom health-body config argv sanitize journal; do
	n=$((n + 1))
	bin=$top_builddir/tests/fuzz/replay-$target
	corpus=$top_srcdir/tests/fuzz/corpus/$target
	if [ ! -x "$bin" ]; then
		echo "not ok $n - $target: $bin is not built"
		fails=$((fails + 1))
		continue
	fi
	if out=$("$bin" "$corpus" 2>&1); then
		echo "ok $n - $target: $(printf '%s\n' "$out" | tail -n 1)"
	else
		rc=$?
		echo "not ok $n - $target: exit $rc"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
		fails=$((fails + 1))
	fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
