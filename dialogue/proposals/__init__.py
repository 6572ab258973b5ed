"""Co-creation proposals: residents' and members' ideas for the city, from draft to pilot.

Models, services, forms and e-mails live here; the public pages are in cms/proposals/
(above dialogue), which registers how a proposal's URL is built (links.py).
"""
