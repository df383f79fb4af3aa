"""Participation analytics for study campaigns: spreadsheets in, validated figures out."""

# Part of every parse-cache key: a new version re-reads every file.
SUITE_VERSION = "0.7.0"
