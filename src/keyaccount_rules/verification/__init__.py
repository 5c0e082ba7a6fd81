"""Verification (验证): case files, dispatch by name, audit records, strategies, pytest plugin."""
