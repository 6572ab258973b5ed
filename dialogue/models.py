"""Dialogue sessions, rooms and messages live here (see the live-rooms issue)."""
