"""What every pytest suite here shares: the lines a test leaves for the end
of the run, and the time each suite's tests took.

Under pytest-xdist (make test runs the suites on both cores) a worker's
output is not shown, so a test hands its summary lines to its report
(`summary("...")`) and they are printed here, at the end, in the
controller.  Likewise the per-suite times: the sum of each folder's test
durations beside the run's wall time (tests sharing the cores take longer
than alone: `H7_TEST_WORKERS=0 make test` gives the serial figures)."""
import collections
import os
import statistics
import time

import pytest

START = time.monotonic()


def pytest_collection_modifyitems(items):
    """The tests marked long spread over the workers' first shares, each
    share's long ones first: pytest-xdist's work stealing hands worker k
    the next 1/(n-k) of the collection, in order, and an idle worker later
    takes the back half of the longest queue, so a long test at the front
    of a share starts at once and is never left for the end."""
    n = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    long = [i for i in items if i.get_closest_marker("long")]
    rest = [i for i in items if not i.get_closest_marker("long")]
    ordered, left = [], len(items)
    for k in range(n):
        share = left // (n - k)
        mine = long[k::n]
        take = max(0, share - len(mine))
        ordered += mine + rest[:take]
        rest = rest[take:]
        left -= share
    items[:] = ordered + rest


@pytest.fixture
def summary(request):
    """summary(line): print line at the end of the run"""
    def add(line):
        request.node.user_properties.append(("summary", line))
    return add


def suite_of(nodeid):
    """tests/integration/board/test_x.py::t -> integration/board"""
    parts = nodeid.split("::")[0].split("/")[1:-1]
    return "/".join(parts)


def pytest_terminal_summary(terminalreporter):
    reports = [r for rs in terminalreporter.stats.values() for r in rs
               if getattr(r, "when", None) in ("setup", "call", "teardown")]
    seconds = collections.Counter()
    lines, starts = [], collections.defaultdict(list)
    for r in reports:
        seconds[suite_of(r.nodeid)] += r.duration
        if r.when != "teardown":
            continue                            # its properties are the test's, all of them
        for k, v in r.user_properties:
            if k == "summary":
                lines.append(v)
            elif k == "board_start":            # (how, seconds): conftest's mpy_board
                starts[v[0]].append(v[1])
    for line in lines:
        terminalreporter.write_line(line)
    if starts:
        terminalreporter.write_line("board starts (mpy_board): " + "; ".join(
            f"{len(t)} {how}, median {statistics.median(t) * 1000:.0f} ms"
            for how, t in sorted(starts.items())))
    if seconds:
        total = sum(seconds.values())
        wall = time.monotonic() - START
        for s, t in sorted(seconds.items()):
            terminalreporter.write_line(f"[time] {s}: {t:.1f} s of tests")
        terminalreporter.write_line(f"[time] these suites: {total:.1f} s of tests in {wall:.1f} s "
                                    f"(wall/sum {wall / total:.2f})")
