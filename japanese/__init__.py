"""Japanese text analysis shared by search, reading aids and opinion maps.

A plain library at the bottom of the layers: it imports none of our apps and has no models.
"""
