"""Taxonomies, their terms, and the attribute rows that tag any record with a term (HSDS 3.0).

`attribute.link_id` points at a service, location or organisation, named by `link_type`, so it
carries no foreign key. The need taxonomy (directory/data/needs.yml) and a feed's own
audiences or categories (e.g. Placecube's pc_targetAudience) are stored here side by side.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Text

from directory.orm.base import ID_LENGTH, Base


class Taxonomy(Base):
    __tablename__ = "taxonomy"
    id = Column(String(ID_LENGTH), primary_key=True)
    name = Column(Text, nullable=False)
    description = Column(Text)
    uri = Column(Text)
    version = Column(Text)


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"
    id = Column(String(ID_LENGTH), primary_key=True)
    code = Column(Text)
    name = Column(Text, nullable=False)
    description = Column(Text)
    parent_id = Column(String(ID_LENGTH), ForeignKey("taxonomy_term.id", ondelete="SET NULL"), index=True)
    taxonomy = Column(Text)
    taxonomy_id = Column(String(ID_LENGTH), ForeignKey("taxonomy.id", ondelete="CASCADE"), index=True)
    language = Column(String(16))
    term_uri = Column(Text)


class Attribute(Base):
    __tablename__ = "attribute"
    id = Column(String(ID_LENGTH), primary_key=True)
    link_id = Column(String(ID_LENGTH), nullable=False, index=True)
    link_type = Column(String(64), nullable=False, default="service")
    link_entity = Column(String(64))
    taxonomy_term_id = Column(
        String(ID_LENGTH), ForeignKey("taxonomy_term.id", ondelete="CASCADE"), nullable=False, index=True
    )
    value = Column(Text)
    label = Column(Text)
