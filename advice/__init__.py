"""The pure JSS advice core: situation model, rule sets per era, estimate, scenarios, advice.

No I/O, no async, no chat library: everything here is a function of its inputs.
"""
