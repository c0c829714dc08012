"""`hoso serve`: the officers' web application (Flask, server-rendered Jinja2, Vietnamese).

- sessions.py  server-side sessions that expire, CSRF tokens, the documents a session was shown
- app.py       the application: sign-in, guards, security headers
- pages.py     the pages: search, document, dossier, review, statistics
- images.py    page images and first-page thumbnails
Every page that shows a citizen's papers goes through pipeline/ (authorized and audited there).
"""
