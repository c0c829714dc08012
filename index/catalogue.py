"""The catalogue moved to the catalogue package (catalogue/store.py); these names stay importable."""

from catalogue.owners import owner_alive, this_owner  # noqa: F401
from catalogue.store import Catalogue  # noqa: F401
from catalogue.times import now_utc  # noqa: F401
