"""schedtrace_test.py CHILD - with GO_SCHEDTRACE=5ms a running program prints "SCHED" lines of
go::stats() to stderr, and finishes normally (tests/lib/sigquit_child.cpp is the program)."""
import os
import re
import subprocess
import sys
import threading

BLOCKS = " ".join(rf"{kind}=\d+/\d+\.\dms" for kind in
                  ["chan", "select", "mutex", "wait_group", "sleep", "blocking", "other"])
LINE = re.compile(rf"^SCHED \d+ms: gomaxprocs=1 live=\d+ spawned=\d+ finished=\d+ switches=\[\d+\] steals=\[\d+\] "
                  rf"blocks: {BLOCKS}$")


def main(child_path: str) -> int:
    child = subprocess.Popen([child_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "GO_SCHEDTRACE": "5ms"})
    watchdog = threading.Timer(20, child.kill)  # never hang: a silent child fails the test
    watchdog.start()
    try:
        first = child.stderr.readline().rstrip("\n")  # no time asserted: whenever the first comes
        out, err = child.communicate("go ahead\n")
    finally:
        watchdog.cancel()
    if not LINE.match(first):
        print(f"expected a schedtrace line on stderr, got {first!r}")
        return 1
    if child.returncode != 0 or out != "ready\nfinished\n":
        print(f"the child must finish normally; exit {child.returncode}, stdout {out!r}, stderr {err!r}")
        return 1
    print(first)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
