"""The held-out family's paper templates, by document type.

`TEMPLATES[doc_type]` lists functions `(rng, cast) -> Paper`; each draws one paper of that
type for the cast's applicant (or, for letters, for nobody) in its own layout and fonts.
The card types (cccd, cmnd, giay_phep_lai_xe, the_bhyt) are evalset/cards.py's; `khac` has
no template. Written from the official forms, not from samples/: nothing here is shared
with the generator the product was built on.
"""

from __future__ import annotations

import random
from typing import Callable

from evalset.paper import Paper
from evalset.papers import civil, diplomas, forms, land, letters, private, residence
from evalset.people import Cast

Template = Callable[[random.Random, Cast], Paper]

TEMPLATES: dict[str, list[Template]] = {}
for _module in (civil, residence, land, forms, private, diplomas, letters):
    for _doc_type, _templates in _module.TEMPLATES.items():
        TEMPLATES.setdefault(_doc_type, []).extend(_templates)
