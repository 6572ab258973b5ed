"""Broad listening: opinion maps of sessions, rooms, proposals and uploaded comments,
computed on this server (pipeline.py), with nothing sent to an outside service."""
