"""Mechanisms several capabilities use: targets, rate control, schedules, pagination, tags,
replies.

Nothing here imports a capability: each mechanism works on what the caller hands it (nodes
with ids and tags, counts of targets and errors, instants on the clock), so any capability
can use it without an import circle.
"""
