"""The dialogue app's pages: sessions and their transcripts (sessions.py), calendar feeds
(calendar.py), the live room (rooms.py), decisions and follow-up actions (follow_ups.py), and
people's and organisations' attendance records (records.py)."""
