"""Which taxonomy a document's pillars refer to when the run leaves it to the document
(`extract` without --taxonomy).

Plans implementing the ASCC Strategic Plan 2026–2035 cite the decision that brought it to
Viet Nam (Decision 155/QĐ-TTg of 20/01/2026) in their "Căn cứ" lines, or name the plan
itself ("Kế hoạch chiến lược Cộng đồng Văn hóa - Xã hội ASEAN … giai đoạn 2026-2035");
plans of 2016–2025 cite Decision 161/QĐ-TTg and the Blueprint 2025. So a taxonomy folder may
hold a `selection.toml` naming the documents whose citation, and the plan whose name,
selects it; a document nothing selects keeps DEFAULT_TAXONOMY. The facts (numbers, years,
phrases) live in the data file, not here.
"""

from __future__ import annotations

import re
from functools import cache

from ..config import TaxonomySelection, read_data, validated
from ..document import Document
from ..lexicon.textnorm import fold, strip_diacritics
from . import DEFAULT_TAXONOMY, available_taxonomies, taxonomy_dir


@cache
def selection_rules() -> tuple[tuple[str, TaxonomySelection], ...]:
    """(taxonomy, its selection.toml) for every taxonomy that has one, in name order; a
    broken file is a ConfigError naming it."""
    rules = []
    for name in available_taxonomies():
        path = taxonomy_dir(name) / "selection.toml"
        if path.exists():
            where = f"taxonomy {name} ({path})"
            rules.append((name, validated(TaxonomySelection, read_data(path, where), where)))
    return tuple(rules)


def choose_taxonomy(doc: Document) -> str:
    """The first taxonomy whose selection.toml the document meets, else DEFAULT_TAXONOMY."""
    for name, rule in selection_rules():
        if selects(rule, doc):
            return name
    return DEFAULT_TAXONOMY


def selects(rule: TaxonomySelection, doc: Document) -> bool:
    return cites_listed(rule, doc) or names_listed_plan(rule, doc.text)


def _number_key(number: str) -> str:
    """A document number's letters and digits, folded: "155/QĐ-TTg", "155/QD-TTg" and
    "155/QĐ- TTg" are one number."""
    return re.sub(r"[\W_]", "", strip_diacritics(fold(number)))


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def cites_listed(rule: TaxonomySelection, doc: Document) -> bool:
    """The document is, or cites, a listed document of its year. Numbers restart every year
    (155/QĐ-TTg of 29/01/2022 is the national plan on non-communicable diseases), so a
    citation dated another year is another document; an undated one counts when the citing
    document itself is dated that year or later."""
    wanted = {_number_key(c.doc_number): c.year for c in rule.cites}
    if not wanted:
        return False
    own_year = _year(doc.metadata.issue_date) or _year(doc.metadata.published_date)
    cited = [(doc.metadata.doc_number, doc.metadata.issue_date)]
    cited += [(r.doc_number, r.issue_date) for r in doc.references]
    for number, date in cited:
        year = wanted.get(_number_key(number)) if number else None
        if year is None:
            continue
        when = _year(date)
        if when == year or (when is None and own_year is not None and own_year >= year):
            return True
    return False


@cache
def _plan_pattern(phrase: str, period: str, within: int) -> re.Pattern[str]:
    """The phrase's syllables (diacritics, case and punctuation aside), then the period
    within `within` syllables."""
    words = [re.escape(w) for w in re.findall(r"\w+", strip_diacritics(phrase).casefold())]
    return re.compile(r"\b" + r"\W+".join(words) + rf"\b(?:\W+\w+){{0,{within - 1}}}?\W+"
                      + re.escape(strip_diacritics(period).casefold()) + r"\b")


def names_listed_plan(rule: TaxonomySelection, text: str) -> bool:
    """The text names a listed plan with its period ("… ASEAN tại Việt Nam giai đoạn
    2026-2035")."""
    names = [n for n in rule.names if n.period in text]  # most texts have no "2035" at all
    if not names:
        return False
    plain = strip_diacritics(text, composed=True).casefold()
    return any(_plan_pattern(n.phrase, n.period, n.within).search(plain) for n in names)
