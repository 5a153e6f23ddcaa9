"""The learner's and teacher's commands of ./workbook (tools/workbook.py dispatches to them).

    gtest_report  GoogleTest's failures in plain words, the toolkit's reports trimmed
    hints         the `### exercise` sections of a hints.md
    sources       the top-level definitions of a stub, to reset or compare one exercise
    progress      each exercise's state (solved / failing / not started), cached; `list`
    learner       `check`, `hint`, `reset`, `solution`
    watch         `watch`: re-check at every save
    teacher       `grade` (JUnit XML) and `export-student`
    drills        `drill`: timed interview drills and their history
    state         what the learner's commands remember in .workbook/
"""
