"""demo_sigquit_test.py DEMO - `kill -QUIT` of a running chapter demo prints the fiber dump (the
lines go/observe.hpp documents) to stderr, and the demo goes on and finishes with its normal
output. DEMO is ch05_external_api: one go::run of about a second, its fibers asleep in go::sleep
most of it. Its output holds timings, so outputs are compared with every number masked."""
import re
import signal
import subprocess
import sys
import threading
import time

DUMP_HEADER = "SIGQUIT: fiber dump (the program goes on)"


def masked(output: str) -> str:
    return re.sub(r"\d+", "N", output)


def catches_sigquit(pid: int) -> bool:
    """Whether the process has a handler for SIGQUIT (Linux: the SigCgt mask of /proc/PID/status)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            caught = next(line for line in status if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGQUIT - 1)))


def main(demo: str) -> int:
    normal = subprocess.run([demo], capture_output=True, text=True, timeout=20)
    child = subprocess.Popen([demo], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(20, child.kill)  # never hang: a stuck demo fails the test
    watchdog.start()
    stderr_lines = []
    reader = threading.Thread(target=lambda: stderr_lines.extend(child.stderr))
    reader.start()
    try:
        # Before go::run installs its handler SIGQUIT would kill the demo: wait for the handler.
        while child.poll() is None and not catches_sigquit(child.pid):
            time.sleep(0.01)
        # Ask again until a dump with the main fiber appears, or the demo ends.
        while child.poll() is None and not any(line.startswith('fiber 1 "main" [') for line in stderr_lines):
            child.send_signal(signal.SIGQUIT)
            time.sleep(0.1)
        out = child.stdout.read()
        child.wait()
        reader.join()
    finally:
        watchdog.cancel()
    dump = [line.rstrip("\n") for line in stderr_lines]
    failures = []
    if DUMP_HEADER not in dump or not any(line.startswith('fiber 1 "main" [') for line in dump):
        failures.append("no fiber dump with the main fiber on stderr:\n" + "\n".join(dump))
    elif not any(line.startswith("go::run at ") and "external_api.cpp:" in line for line in dump):
        failures.append("the dump does not name the demo's go::run:\n" + "\n".join(dump))
    if child.returncode != 0 or masked(out) != masked(normal.stdout):
        failures.append(f"after the dump the demo must finish normally: exit {child.returncode}, "
                        f"stdout\n{out}\nexpected (numbers aside)\n{normal.stdout}")
    print(*(failures or dump), sep="\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
