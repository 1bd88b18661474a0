"""Open Referral feeds the tests import, kept outside the repository (../shared)."""

from __future__ import annotations

from core.paths import REPO_ROOT

BRISTOL = (REPO_ROOT / "../shared/data/oruk/bristol_oruk_v1_services_2024-12.json").resolve()
