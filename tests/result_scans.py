"""Result documents as a centre issues them (issue 18): the renderer lives in samples/results.py
(the demo scans one at its return too); the tests import it from here as before."""

from samples.results import marital_status_confirmation, scanned, write_result  # noqa: F401
