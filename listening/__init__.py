"""Broad listening: opinion maps of sessions, rooms, proposals and uploaded comments,
computed on this server (pipeline/), with nothing sent to an outside service."""
