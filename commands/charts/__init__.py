"""Scenario charts: the data of an answer's chart, drawing it, and drawing it safely."""
