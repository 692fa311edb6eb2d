"""Stripping: rule files and their literal gates, the hand-set classes, the feature rows and the
learned block classifier that keeps or removes each block."""
