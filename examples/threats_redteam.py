"""Attacks found by red-teaming the sandbox (merged into examples.threats.THREATS).

Same form as examples/threats.py and examples/threats_sandbox.py.
"""
THREATS = {}
