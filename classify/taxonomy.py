"""Document types as data: the shipped `taxonomy.toml`, plus a centre's own overrides.

Types live in TOML so a centre can teach the classifier a local form title without a
code change: the environment variable HOSO_TAXONOMY names a TOML file whose
`[types.<key>]` tables add new types or override fields of shipped ones (a field given
there replaces the shipped value; fields not given are kept).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from classify.table_file import load_tables
from vntext import fold, nfc

SHIPPED_PATH = Path(__file__).with_name("taxonomy.toml")
ENV_VAR = "HOSO_TAXONOMY"

Validity = Literal["none", "until_expiry", "months_from_issue"]
Subject = Literal["single", "multi", "none"]
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file and the field."""


class TitlePattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regex: str  # applied to the folded line
    starts_document: bool = True

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @property
    def compiled(self) -> re.Pattern[str]:
        return _compile(self.regex)


@lru_cache(maxsize=256)
def _compile(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


class DocType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name_vi: str
    titles: list[str] = Field(default_factory=list)
    patterns: list[TitlePattern] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    validity: Validity = "none"
    validity_months: int | None = Field(default=None, ge=1, le=600)
    subject: Subject
    # Where the subject's own fields end (folded phrases, e.g. the parents' section of a
    # birth certificate): the personal ID labelled before the first of them is the
    # subject's. Phrases in subject_unclear (two equal parties) mean no subject field.
    subject_until: list[str] = Field(default_factory=list)
    subject_unclear: list[str] = Field(default_factory=list)
    # The paper states its holder's own 12-digit ID on its face (an identity card): its one
    # well-formed number is the holder's, and a copy whose number was not read is never
    # linked on an operator's word alone.
    states_holder_id: bool = False
    notes: str = ""

    @field_validator("key")
    @classmethod
    def _key_shape(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError("must be lower-case ASCII letters, digits and _ (e.g. giay_khai_sinh)")
        return value

    @field_validator("titles")
    @classmethod
    def _titles_nfc(cls, value: list[str]) -> list[str]:
        titles = [nfc(t).strip() for t in value]
        if any(not fold(t).strip() for t in titles):
            raise ValueError("a title is empty")
        return titles

    @field_validator("keywords", "subject_until", "subject_unclear")
    @classmethod
    def _keywords_folded(cls, value: list[str]) -> list[str]:
        # Keywords may be written with or without diacritics; they are compared folded.
        return [fold(k).strip() for k in value if fold(k).strip()]

    @model_validator(mode="after")
    def _validity_months(self) -> "DocType":
        if self.validity == "months_from_issue" and self.validity_months is None:
            raise ValueError('validity "months_from_issue" needs validity_months')
        if self.validity != "months_from_issue" and self.validity_months is not None:
            raise ValueError('validity_months is only meaningful with validity "months_from_issue"')
        return self


class Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fallback: str = "khac"
    types: dict[str, DocType]

    @model_validator(mode="after")
    def _consistent(self) -> "Taxonomy":
        for key, doc_type in self.types.items():
            if doc_type.key != key:
                raise ValueError(f"types.{key}: key {doc_type.key!r} differs from the table name")
        if self.fallback not in self.types:
            raise ValueError(f"fallback type {self.fallback!r} is not defined under [types]")
        fallback = self.types[self.fallback]
        if fallback.titles or fallback.patterns:
            # The fallback is what is left when nothing matched: a title would force it.
            raise ValueError(f"fallback type {self.fallback!r} must have no titles or patterns")
        return self

    def get(self, key: str) -> DocType:
        """The type, or the fallback for an unknown key (an older record, a removed type)."""
        return self.types.get(key) or self.types[self.fallback]

    def keys(self) -> list[str]:
        return list(self.types)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy from `path` (default: the shipped file), with HOSO_TAXONOMY's overrides."""
    taxonomy, _ = load_tables(Taxonomy, Path(path) if path is not None else SHIPPED_PATH, env_var=ENV_VAR,
                              section="types", name_field="key", error=TaxonomyError, file_label="taxonomy file",
                              invalid="taxonomy from {sources} is not valid:")
    return taxonomy


@lru_cache(maxsize=4)
def _cached_default(overlay: str) -> Taxonomy:
    return load_taxonomy()


def default_taxonomy() -> Taxonomy:
    """The shipped taxonomy (+ overrides), loaded once per HOSO_TAXONOMY value."""
    return _cached_default(os.environ.get(ENV_VAR, ""))
