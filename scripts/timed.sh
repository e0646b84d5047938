#!/usr/bin/env bash
# Run a command and print how long it took: scripts/timed.sh NAME CMD [ARGS...]
# (make test prints the time of each suite with it).  Its status is CMD's.
name=$1; shift
start=$(date +%s%N)
"$@"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "[time] $name: $((ms / 1000)).$(( ms % 1000 / 100 )) s$([ $rc = 0 ] || echo ", failed ($rc)")"
exit $rc
