"""Process-isolated autograder for the course's nbgrader assignments."""
