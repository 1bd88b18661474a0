"""SQLAlchemy models of the directory after Open Referral UK 3.0 / HSDS 3.0.

`Base` is imported by migrations/env.py; the schema itself is created only by Alembic
(`core.db.upgrade(url)`, revisions on the "directory" branch).
"""

from directory.orm.base import Base
from directory.orm.core import Address, Location, Organization, Service, ServiceAtLocation
from directory.orm.details import Accessibility, Contact, CostOption, Language, Phone, Schedule, ServiceArea
from directory.orm.meta import DirectoryMeta, ImportRun, Postcode
from directory.orm.taxonomy import Attribute, Taxonomy, TaxonomyTerm

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "Base",
    "Contact",
    "CostOption",
    "DirectoryMeta",
    "ImportRun",
    "Language",
    "Location",
    "Organization",
    "Phone",
    "Postcode",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
