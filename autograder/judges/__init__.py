"""Judging code that only the grader imports: case builders, fixtures, and the judges of properties.

Nothing here is mounted in the student's process, and nothing under utils/ (which is)
may compute a graded function's answer. The one exception to "never reaches the
student's process" is gradcheck_fixtures, whose source the sandbox sends with the
calls that swap its functions in (see that module).
"""
