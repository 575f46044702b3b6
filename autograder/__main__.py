"""Command line: python -m autograder {grade, release, feedback, demo} ...; see --help."""
import sys

from autograder.cli import main

sys.exit(main())
