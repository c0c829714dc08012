"""classify stage: document type from the page title, citizen IDs, and the linking policy."""

from classify.citizen_id import IdCandidate, check_cccd, find_citizen_ids
from classify.linking import LinkDecision, decide_link
from classify.taxonomy import DocType, Taxonomy, TaxonomyError, default_taxonomy, load_taxonomy
from classify.titles import PageClassification, classify_page

__all__ = [
    "DocType", "IdCandidate", "LinkDecision", "PageClassification", "Taxonomy", "TaxonomyError",
    "check_cccd", "classify_page", "decide_link", "default_taxonomy", "find_citizen_ids", "load_taxonomy",
]
