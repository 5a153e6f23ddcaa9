"""sigquit_test.py CHILD - `kill -QUIT` of a running program prints its fiber dump to stderr, and
the program goes on and finishes normally (tests/lib/sigquit_child.cpp is the program)."""
import signal
import subprocess
import sys
import threading
import time

EXPECTED_HEADERS = [
    "SIGQUIT: fiber dump (the program goes on)",
    'fiber 1 "main" [blocking call]:',
    'fiber 2 "receiver" [chan receive on chan #1]:',
]


def read_dump(stderr) -> list[str]:
    """The lines of one dump, up to the receiver's entry (the last fiber of the child's run)."""
    dump = []
    while line := stderr.readline():
        dump.append(line.rstrip("\n"))
        if line.startswith('fiber 2 "receiver"'):
            break
    return dump


def main(child_path: str) -> int:
    child = subprocess.Popen([child_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(20, child.kill)  # never hang: a stuck child fails the test
    watchdog.start()
    try:
        if child.stdout.readline() != "ready\n":
            print("the child did not start its run")
            return 1
        # Just after "ready" the fibers may not have blocked yet: ask again until they have.
        for _ in range(50):
            child.send_signal(signal.SIGQUIT)
            dump = read_dump(child.stderr)
            if all(header in dump for header in EXPECTED_HEADERS):
                break
            time.sleep(0.1)
        missing = [header for header in EXPECTED_HEADERS if header not in dump]
        if missing or not any(line.startswith("go::run at ") and "sigquit_child.cpp:" in line for line in dump):
            print("the SIGQUIT dump lacks", missing or "the go::run line", "in:", *dump, sep="\n")
            return 1
        out, err = child.communicate("go ahead\n")
    finally:
        watchdog.cancel()
    if child.returncode != 0 or out != "finished\n":
        print(f"after the dump the child must finish normally; exit {child.returncode}, stdout {out!r}, stderr {err!r}")
        return 1
    print("\n".join(dump))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
