"""More hostile submissions of the Initialization assignment (merged into examples.threats.THREATS).

Same form as examples/threats.py: scenario -> (builder(root) -> {file name: bytes},
expected total or None, {test id: status other than passed}, text the report must contain).
"""
THREATS = {}
