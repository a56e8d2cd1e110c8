"""Mechanisms several capabilities use: targets, rate control, schedules, pagination, tags."""
