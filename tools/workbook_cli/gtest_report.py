"""GoogleTest's failure messages in plain words, and the toolkit's reports trimmed to fit.

    failure = explain(json_failure_text)      # one entry of a --gtest_output=json "failures"
    failure.where    -> "tests/01_goroutines/goroutines_test.cpp:206"
    failure.summary  -> "expected `ran` to be 2000, but it was 1999"
    failure.advice   -> the test's own words (what it streamed after the assertion)
    failure.report   -> go::run's deadlock / timeout / leak report, trimmed, or ""

    unfinished(stdout, stderr, why)   # a test program that crashed or hung: (suite, case, text)
    crash_reason(-11)                 # "the test program crashed: signal 11 (SIGSEGV: ...)"

Pure functions of text, so that tools/tests/ can check them on recorded output.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Where the toolkit's reports begin (lib/src/runtime.cpp, lib/src/testing.cpp).
REPORT_STARTS = ("go::run reported:", "all fibers are asleep - deadlock!", "go::run timed out after",
                 "fiber leak:", "panic:")
REPORT_LINES = 16


@dataclass
class Failure:
    where: str
    summary: str
    advice: str = ""
    report: str = ""


# A path the compiler was given, relative to build/ or absolute, up to the checkout's top folders.
CHECKOUT_PREFIX = re.compile(r"(?:(?:\.\./)+|/\S*?/)(?=(?:tests|chapters|solutions|lib|capstone)/)")


def source_path(path: str) -> str:
    """../tests/01_goroutines/x.cpp or /home/me/workbook/tests/... -> tests/01_goroutines/x.cpp."""
    return CHECKOUT_PREFIX.sub("", path, count=1) if CHECKOUT_PREFIX.match(path) else path


def trim_report(report: str, max_lines: int = REPORT_LINES) -> str:
    """The toolkit's fiber report without what a learner does not need.

    Drops the C++ signatures after "spawned at file:line in ..." (they run to hundreds of
    characters of template arguments) and keeps the first `max_lines` lines.
    """
    lines = []
    for line in report.strip().splitlines():
        line = re.sub(r"spawned at (\S+) in .*", lambda m: f"spawned at {source_path(m.group(1))}", line)
        if line.strip() == "go::run reported:":
            continue
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > max_lines:
        hidden = len(lines) - max_lines
        lines = lines[:max_lines] + [f"... ({hidden} more lines: run the test binary to see them all)"]
    return "\n".join(lines)


def split_report(text: str) -> tuple[str, str]:
    """(text before the toolkit's report, the report) - the report runs to the end."""
    starts = [m.start() for m in (re.search(r"^" + re.escape(s), text, re.M) for s in REPORT_STARTS) if m]
    if not starts:
        return text, ""
    start = min(starts)
    return text[:start], text[start:]


def _code(text: str) -> str:
    return f"`{' '.join(text.split())}`"


def _explain_body(body: str) -> tuple[str, str]:
    """(summary, the rest: the test's own message) of an assertion's text."""
    lines = body.splitlines()
    head = lines[0] if lines else ""

    stub = re.search(r"not implemented yet: (\w+)", body)
    if stub:  # thrown straight into the test, or caught by a helper and reported
        return (f"{stub.group(1)} is not written yet: its stub still throws go::not_implemented "
                f"(replace the TODO(exercise) body)"), ""

    exception = re.match(r'C\+\+ exception with description "(.*)" thrown in (the test body|SetUp\(\)|TearDown\(\))',
                         body, re.S)
    if exception:
        what = exception.group(1)
        return f"your code threw an exception that nothing caught: {what}", body[exception.end():].strip()

    value = re.match(r"Value of: (.*?)\n\s*Actual: (.*?)\nExpected: (.*?)(?:\n|$)", body, re.S)
    if value:
        expression, actual, expected = value.groups()
        rest = body[value.end():]
        which = re.match(r"Which is: (.*?)(?:\n|$)", rest)
        if which:
            expected, rest = which.group(1), rest[which.end():]
        return f"expected {_code(expression)} to be {expected}, but it was {actual}", rest.strip()

    if head.startswith("Expected equality of these values:"):
        operands: list[list[str]] = []
        index = 1
        while index < len(lines) and len(operands) < 2:
            line = lines[index]
            if line.startswith("    Which is: ") and operands:
                operands[-1].append(line[len("    Which is: "):])
            elif line.startswith("  ") and not line.startswith("    "):
                operands.append([line.strip()])
            else:
                break
            index += 1
        # A further "Which is:" belongs to the second operand; a "With diff:" block follows strings.
        while index < len(lines) and lines[index].startswith("    Which is: "):
            operands[-1].append(lines[index][len("    Which is: "):])
            index += 1
        if index < len(lines) and lines[index].startswith("With diff:"):
            index += 1
            while index < len(lines) and lines[index].startswith(("@@", " ", "-", "+")):
                index += 1
        rest = "\n".join(lines[index:]).strip()
        if len(operands) == 2:
            (left, *left_value), (right, *right_value) = operands
            if not right_value:  # the test compares with a literal: say "to be 2000"
                return f"expected {_code(left)} to be {right}, but it was {left_value[0] if left_value else '?'}", rest
            if not left_value:
                return f"expected {_code(right)} to be {left}, but it was {right_value[0]}", rest
            return (f"expected {_code(left)} to equal {_code(right)}, but {_code(left)} was {left_value[0]} "
                    f"and {_code(right)} was {right_value[0]}"), rest

    compare = re.match(r"Expected: \((.*)\) (<|<=|>|>=|!=) \((.*)\), actual: (.*) vs (.*?)(?:\n|$)", body)
    if compare:
        left, operator, right, left_value, right_value = compare.groups()
        return (f"expected {_code(left)} {operator} {_code(right)}, but they were {left_value} and {right_value}",
                body[compare.end():].strip())

    if head.strip() in ("Failed", ""):
        rest = "\n".join(lines[1:]).strip()
        first, _, more = rest.partition("\n")
        return first or "the test failed", more.strip()

    return head.strip(), "\n".join(lines[1:]).strip()


def explain(failure_text: str) -> Failure:
    """A JSON-reported failure ("file:line\\n<assertion text>") in plain words."""
    location, _, body = failure_text.partition("\n")
    where = "" if location == "unknown file" else source_path(location)
    if where.startswith("lib/"):
        where = ""  # a toolkit helper (expect_no_leaks) failed the test: its line tells nothing
    thrown = re.match(r'C\+\+ exception with description "(.*)" thrown in', body, re.S)
    if thrown and thrown.group(1).startswith(REPORT_STARTS):
        # go::run's deadlock or timeout escaped into the test: its first line says what happened.
        headline, _, fibers = thrown.group(1).partition("\n")
        summary = "the run was stopped: " + headline.rstrip(":").replace("; fibers still live", "")
        return Failure(where, summary, "", trim_report(fibers))
    body, report = split_report(body)
    if report and body.strip() in ("", "Failed"):
        # The report is all the test said (a leak from expect_no_leaks): its headline is the summary.
        headline, _, fibers = report.partition("\n")
        return Failure(where, headline.rstrip(":"), "", trim_report(fibers))
    summary, advice = _explain_body(body.strip())
    return Failure(where, summary, advice, trim_report(report) if report else "")


SIGNALS = {6: "SIGABRT: std::terminate - an exception escaped a plain thread or a destructor, or a "
               "std::thread was never joined",
           11: "SIGSEGV: a null or dangling pointer or reference - a fiber using a local that is gone?",
           8: "SIGFPE: a division by zero"}


def trim_sanitizer(report: str, max_lines: int = 20) -> str:
    """A ThreadSanitizer or AddressSanitizer report, cut to the frames of the workbook's code.

    Each access keeps its headline ("Write of size 4 by thread T8:", addresses dropped) and its
    frames in the checkout as "file:line in function"; the standard library's frames and the
    binary offsets go. Ends at the report's SUMMARY line.
    """
    kept = []
    for line in report.splitlines():
        text = line.strip()
        if text.startswith("SUMMARY:") or text.startswith("=================="):
            if kept and text.startswith("SUMMARY:"):
                break
            continue
        if re.match(r"#\d+ ", text):
            frame = re.match(r"#\d+ (.*?) (\S+:\d+)(?::\d+)? \(", text)
            if frame and CHECKOUT_PREFIX.match(frame.group(2)) and not frame.group(2).startswith("/usr/"):
                kept.append(f"    {source_path(frame.group(2))} in {frame.group(1)}")
            continue
        if text:
            kept.append(re.sub(r" at 0x[0-9a-f]+| \(pid=\d+\)", "", text.replace("WARNING: ", "")))
    if len(kept) > max_lines:
        kept = kept[:max_lines] + [f"... ({len(kept) - max_lines} more lines)"]
    return "\n".join(kept)


def crash_reason(returncode: int) -> str:
    """Why a test program ended without its report, from its exit status (-N: signal N)."""
    if returncode < 0:
        return f"the test program crashed: signal {-returncode}" + (f" ({SIGNALS[-returncode]})" if -returncode in SIGNALS else "")
    return f"the test program ended early (exit status {returncode})"


def unfinished(stdout: str, stderr: str, why: str) -> tuple[str, str, str]:
    """A test program that crashed or was stopped: (suite, case that was running, what it said).

    GoogleTest writes its JSON report only at the end, so the running test is the last
    "[ RUN      ]" line of stdout, and the toolkit's panic or timeout report is on stderr.
    """
    running = re.findall(r"^\[ RUN      \] (\w+)\.(\w+)", stdout, re.M)
    suite, case = running[-1] if running else ("*", "*")
    _, report = split_report(stderr)
    said = trim_report(report) if report else "\n".join(stderr.strip().splitlines()[-REPORT_LINES:])
    return suite, case, f"{why}\n{said}".strip()
