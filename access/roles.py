"""Which role may do what. One table: the CLI and the web application both ask it.

- operator   runs the scanner station: ingest. Sees no citizen's papers.
- officer    at the counter: search, view and export a citizen's documents, dossiers and reuse,
             the review queue.
- supervisor everything an officer does, plus the statistics (they name officers) and the
             audit log (who looked at whose papers), which are themselves sensitive.
- province_supervisor  everything a supervisor does, and across centres: free-text search and
             showing any centre's documents (access/reach.py: the need-to-know rule).
"""

from __future__ import annotations

from typing import Literal

Permission = Literal["search", "show", "export", "dossier", "review", "stats", "audit"]

_SUPERVISORS = frozenset({"supervisor", "province_supervisor"})
_COUNTER = frozenset({"officer"}) | _SUPERVISORS
PERMISSIONS: dict[str, frozenset[str]] = {
    "search": _COUNTER,
    "show": _COUNTER,
    "export": _COUNTER,
    "dossier": _COUNTER,
    "review": _COUNTER,
    "stats": _SUPERVISORS,
    "audit": _SUPERVISORS,
}

ACTION_VI: dict[str, str] = {
    "search": "tra cứu", "show": "xem giấy tờ", "export": "tải PDF", "dossier": "hồ sơ",
    "review": "xét duyệt", "stats": "thống kê", "audit": "nhật ký truy cập",
}


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def roles_for(permission: str) -> list[str]:
    return sorted(PERMISSIONS[permission])
