"""The procedure catalogue: the shipped `procedures.toml`, plus a centre's own overrides.

The environment variable HOSO_PROCEDURES names a TOML file whose `[procedures.<code>]`
tables add procedures or replace the fields they give of shipped ones (a `components` list
given there replaces the whole list); top-level keys given there replace the shipped ones.
Every component's types must be keys of the taxonomy (classify/taxonomy.toml + HOSO_TAXONOMY).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from classify.table_file import load_tables

SHIPPED_PATH = Path(__file__).with_name("procedures.toml")
ENV_VAR = "HOSO_PROCEDURES"
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class ProcedureError(ValueError):
    """A procedure file that cannot be used; the message names the file and the field."""


class UnknownProcedure(ValueError):
    """A procedure code given by an operator or a manifest that the catalogue does not have."""


def _key_shape(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError("must be lower-case ASCII letters, digits and _ (e.g. dang_ky_khai_sinh)")
    return value


class Component(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name_vi: str = Field(min_length=1)
    types: list[str] = Field(min_length=1)
    count: int = Field(default=1, ge=1, le=20)
    original: bool = False
    optional: bool = False
    reusable: bool | None = None  # resolved by the catalogue: see Procedure/ProcedureCatalogue

    @field_validator("key")
    @classmethod
    def _check_key(cls, value: str) -> str:
        return _key_shape(value)


class Procedure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    name_vi: str = Field(min_length=1)
    field: str = ""
    legal_basis: str = ""
    national_code: str = ""
    components: list[Component] = Field(min_length=1)

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        return _key_shape(value)

    @model_validator(mode="after")
    def _unique_components(self) -> "Procedure":
        keys = [c.key for c in self.components]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        if duplicated:
            raise ValueError(f"component keys repeated: {', '.join(duplicated)}")
        return self

    def component(self, key: str) -> Component | None:
        return next((c for c in self.components if c.key == key), None)


class ProcedureCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    single_use_types: list[str] = Field(default_factory=list)
    legal_end_dates: dict[str, date] = Field(default_factory=dict)
    procedures: dict[str, Procedure]

    @model_validator(mode="after")
    def _codes_match(self) -> "ProcedureCatalogue":
        for code, procedure in self.procedures.items():
            if procedure.code != code:
                raise ValueError(f"procedures.{code}: code {procedure.code!r} differs from the table name")
        return self

    def get(self, code: str | None) -> Procedure | None:
        return self.procedures.get(code) if code else None

    def require(self, code: str) -> Procedure:
        """The procedure of `code`, or UnknownProcedure listing the codes there are."""
        procedure = self.get(code)
        if procedure is None:
            raise UnknownProcedure(unknown_procedure_message(code, self.procedures))
        return procedure

    def is_reusable(self, component: Component) -> bool:
        """A component may be satisfied by a stored document (explicit, or not all single-use)."""
        if component.reusable is not None:
            return component.reusable
        return not all(t in self.single_use_types for t in component.types)

    def type_reusable(self, doc_type: str) -> bool:
        """For a document outside any component: reusable unless its type is single-use."""
        return doc_type not in self.single_use_types

    def check_types(self, known: set[str], sources: str) -> None:
        problems = [f"  legal_end_dates.{t}: unknown document type" for t in self.legal_end_dates if t not in known]
        problems += [f"  single_use_types: unknown document type {t!r}" for t in self.single_use_types if t not in known]
        for code, procedure in self.procedures.items():
            for index, component in enumerate(procedure.components):
                for doc_type in component.types:
                    if doc_type not in known:
                        problems.append(f"  procedures.{code}.components.{index} ({component.key}): "
                                        f"unknown document type {doc_type!r}")
        if problems:
            raise ProcedureError(f"procedures from {sources} are not valid:\n" + "\n".join(problems))


def unknown_procedure_message(code: str, known: "dict[str, Procedure] | list[str]") -> str:
    return (f"unknown procedure {code[:80]!r}; known: {', '.join(sorted(known))} "
            "(hoso dossier procedures lists them with their components)")


def check_procedure_code(code: str | None) -> str | None:
    """For options and manifests: `code` when the catalogue has it (None passes), else UnknownProcedure."""
    if code is None:
        return None
    load_procedures().require(code)
    return code


def load_procedures(path: str | Path | None = None, known_types: set[str] | None = None) -> ProcedureCatalogue:
    """The catalogue from `path` (default: shipped) with HOSO_PROCEDURES's overrides, checked
    against the taxonomy's type keys (`known_types`, default: the loaded taxonomy)."""
    catalogue, sources = load_tables(
        ProcedureCatalogue, Path(path) if path is not None else SHIPPED_PATH, env_var=ENV_VAR,
        section="procedures", name_field="code", error=ProcedureError, file_label="procedure file",
        invalid="procedures from {sources} are not valid:")
    if known_types is None:
        from classify.taxonomy import load_taxonomy

        known_types = set(load_taxonomy().keys())
    catalogue.check_types(known_types, sources)
    return catalogue
