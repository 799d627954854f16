"""Shared display helpers for rows with Vietnamese/English text and a certification list
(suppliers and products)."""

from __future__ import annotations


class BilingualMixin:
    name: str
    name_en: str | None
    description: str | None
    description_en: str | None
    certifications: str | None

    @property
    def certification_list(self) -> list[str]:
        return [c.strip() for c in (self.certifications or "").split(";") if c.strip()]

    def display_name(self, locale: str) -> str:
        """The English name in English when there is one; Vietnamese otherwise."""
        return (self.name_en or self.name) if locale == "en" else self.name

    def display_description(self, locale: str) -> str:
        if locale == "en":
            return self.description_en or self.description or ""
        return self.description or self.description_en or ""
