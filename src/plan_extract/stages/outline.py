"""Rebuild the section tree from the numbering (I. / 1. / a) / - / +, Điều N., Phụ lục).

Where a scrape lost a Roman heading but the numbering restarts at "1." (and the text uses
Roman numerals elsewhere), the missing level is inserted with its numeral by position and
a role guessed from what it holds ("Mục đích" -> purpose, "Kinh phí" -> funding, a run of
"Sở …" headings -> organisation of implementation).

The work is done in four passes over the lines:

1. `classify`: each line becomes a `Node` (its marker, value and text);
2. `_part_of`, `_roman_parts`, `_rank_romans_under_articles`: the attached document each
   line belongs to, which of them are numbered in Roman numerals, and where Roman headings
   sit inside a decision's article;
3. `_TreeBuilder`: the nesting, one method per kind of line;
4. `_assign_paths`, `_assign_roles`, `_sections`: numbering paths, heading roles and the
   `sections` list of the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from .. import config
from ..document import HEADING_KINDS, ITEM_KINDS, Document, Line, Node, Section, Span, Warning
from ..lexicon.agencies import is_agency_heading
from ..lexicon.doc_types import is_doc_title
from ..lexicon.numerals import from_roman, part_number, to_roman
from ..lexicon.textnorm import TERMINAL, fold, is_upper, pattern, strip_diacritics
from .registry import stage

ARTICLE_RANK = 2.0
"""Rank of "Điều N." in data/outline.toml."""

_FLOW_KINDS = ("para", "group", "row")
"""Unmarked lines: they belong to an open heading and never open one themselves."""
_MAJOR_KINDS = ("roman", "chapter", "article", "appendix")
"""Headings a closing paragraph of the implementation part stays under."""
_SECTION_KIND = {"chapter": "part"}
"""Node kind -> `Section.kind` where the two differ ("Phần I", "A." are parts)."""

_Roles = list[tuple[str, re.Pattern[str]]]


@dataclass
class Outline:
    root: Node
    sections: list[Section]
    warnings: list[Warning]


@dataclass(frozen=True)
class _Rules:
    """data/stages/outline.toml with its patterns compiled."""

    markers: list[tuple[str, float, re.Pattern[str], bool]]  # kind, rank, regex, upper only
    attachment: re.Pattern[str]
    list_title: re.Pattern[str]
    elided: re.Pattern[str]
    closing: list[re.Pattern[str]]
    roles: _Roles
    plain_roles: _Roles
    """The same wordings without diacritics, for headings OCR misread a tone mark in."""
    end_matter: list[re.Pattern[str]]
    role_max_words: int
    part_name: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = config.outline()
    o = data.outline
    return _Rules(markers=[(m.kind, m.rank, re.compile(m.regex), m.upper) for m in data.markers],
                  attachment=re.compile(o.attachment, re.IGNORECASE), elided=re.compile(o.elided),
                  list_title=re.compile(o.list_title),
                  closing=[re.compile(p) for p in o.closing],
                  roles=[(r.role, re.compile(r.regex)) for r in data.roles],
                  plain_roles=[(r.role, re.compile(strip_diacritics(r.regex))) for r in data.roles],
                  end_matter=[pattern(p) for p in o.end_matter], role_max_words=o.role_max_words,
                  part_name=re.compile(o.part_name))


_LABEL_LINE = re.compile(r"^[*•_=~\-–\s]*[^\W\d][^:;.]{0,60}:\s*\S")
"""A label and its value ("Thời gian thực hiện: Năm 2026"): up to a few words before a colon."""


# --- pass 1: one node per line --------------------------------------------------------------


def classify(line: Line) -> Node:
    """One line as a node: its marker kind, value and the text after the marker.

    Administrative texts (Decree 30/2020/NĐ-CP and common plan usage) mark each level by its
    numbering, so the marker alone says the level; a site's "[…]" marks cut-off copies, and
    a line of cells joined by " | " is a table row whatever its first cell says."""
    rules = _rules()
    markers, elided = rules.markers, rules.elided
    text = line.text
    if elided.match(text):
        return Node("elided", 9, text=text, start=line.start, end=line.end, line_start=line.start)
    if " | " in text:  # a table row (cells joined by " | "), even when its TT cell is "1.1"
        return Node("row", 8, text=text, start=line.start, end=line.end, line_start=line.start)
    for kind, rank, rx, upper in markers:
        node = _marked(line, kind, rank, rx.match(text), upper)
        if node is not None:
            return node
    return _paragraph(line)


def _marked(line: Line, kind: str, rank: float, m: re.Match[str] | None, upper: bool) -> Node | None:
    """The line as a marked node of `kind`, or None when the marker does not really head it.

    "A. HEADING" is a part only in capitals ("A. Hồ sơ gồm …" in a form is a sentence), and
    "Phụ lục này quy định …" opens a long sentence, not an appendix. A dotted number
    ("1.2.") is one level below the number it extends. An item ("-", "+", "(i)") or a
    number, letter or article ending its sentence (";", ".") is a statement, not a heading."""
    if not m or (upper and not is_upper(m.group("t"))):
        return None
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    value = groups.get("v") or groups.get("v1") or groups.get("v2") or ""
    marker = groups.get("m") or groups.get("m2") or ""
    body = groups.get("t", groups.get("t2", ""))
    if kind == "number" and "." in value:
        rank += 0.1 * value.count(".")
    if kind in ("chapter", "appendix") and body and not is_upper(body) and len(body) > 120:
        return None  # "Phụ lục này quy định …" is a sentence, not a heading
    start = line.start + (m.start("t") if "t" in groups else m.start("t2"))
    node = Node(kind, rank, value=value, marker=marker.strip(), text=body, start=start,
                end=line.end, line_start=line.start)
    node.closed = kind in ITEM_KINDS or (
        kind in ("number", "letter", "article") and body[-1:] in TERMINAL)
    return node


def _paragraph(line: Line) -> Node:
    """An unmarked line: a paragraph, or a group heading when it ends with ":" ("Nội dung
    gồm:") and announces the items below. The stock closing sentences of a plan ("Trong
    quá trình thực hiện …", "Trên đây là Kế hoạch …") are flagged: they close the
    implementation part, even when they end with ":"."""
    closing = _rules().closing
    text = line.text
    node = Node("para", 8, text=text, start=line.start, end=line.end, line_start=line.start)
    node.closing = any(p.match(text) for p in closing)
    if text.endswith(":") and not node.closing:
        node.kind = "group"
    return node




# --- pass 2: attached documents ------------------------------------------------------------


def _part_of(doc_lines: list[Line], nodes: list[Node]) -> list[int]:
    """For each line, the attached document ("part") it belongs to: 0 before any.

    A decision attaches its plan or regulation after its own text under a line "(Kèm theo
    Quyết định số …)", and the attached text numbers itself afresh. Under a "Phụ lục"
    heading its title and "Kèm theo" line follow it (a title of several upper-case lines
    between them): there the appendix heading already opens the attached text, and no new
    part starts."""
    attachment = _rules().attachment
    part_of: list[int] = []
    part = 0
    for i, ln in enumerate(doc_lines):
        if attachment.match(ln.text) and not _under_appendix_title(nodes, i):
            part += 1
        part_of.append(part)
    return part_of


_TITLE_LINES = 4
"""An attached list's title runs to this many upper-case lines above its "Kèm theo" line."""


def _titled_lists(nodes: list[Node]) -> list[Node]:
    """An attached list printed with its title and "(Kèm theo …)" line but no "Phụ lục"
    ("DANH MỤC" / "CÁC NHIỆM VỤ CHỦ YẾU …" / "(Kèm theo Chương trình …)") is an appendix: the
    first line of its title heads it, as "Phụ lục" would."""
    rules = _rules()
    rank = next(r for kind, r, _, _ in rules.markers if kind == "appendix")
    for i, node in enumerate(nodes):
        if (node.kind not in ("para", "group") or not rules.attachment.match(node.text)
                or _under_appendix_title(nodes, i)):
            continue  # a "Phụ lục" over the title already heads it
        first = None
        for j in range(i - 1, max(-1, i - 1 - _TITLE_LINES), -1):
            if nodes[j].kind not in ("para", "group") or not is_upper(nodes[j].text):
                break
            first = j
        if first is not None and rules.list_title.match(nodes[first].text):
            title = nodes[first]
            nodes[first] = Node("appendix", rank, text=title.text, start=title.start, end=title.end,
                                line_start=title.line_start)
    return nodes


def _under_appendix_title(nodes: list[Node], i: int) -> bool:
    """Whether node `i` follows an appendix heading with only its title between them: up to
    two lines of any case, or more in upper case."""
    for back, n in enumerate(reversed(nodes[max(0, i - 8):i])):
        if n.kind == "appendix":
            return True
        if back >= 2 and not is_upper(n.text):
            return False
    return False


def _roman_parts(nodes: list[Node], part_of: list[int]) -> set[int]:
    """The parts that number their main sections with Roman numerals. Only there does a
    "1." restarting the numbering betray a lost Roman heading; a text numbered "1., 2."
    throughout restarts legitimately."""
    return {q for n, q in zip(nodes, part_of, strict=True) if n.kind == "roman"}


def _rank_romans_under_articles(nodes: list[Node], part_of: list[int]) -> None:
    """A decision whose "Điều 1. … với các nội dung sau:" goes on with "I. …", "II. …": in a
    part where an article comes before any Roman heading, the Roman headings are parts of
    the article and rank between "Điều N." and "1."."""
    first: dict[int, str] = {}
    for n, q in zip(nodes, part_of, strict=True):
        if n.kind in ("article", "roman"):
            first.setdefault(q, n.kind)
    for n, q in zip(nodes, part_of, strict=True):
        if n.kind == "roman" and first.get(q) == "article":
            n.rank = ARTICLE_RANK + 0.5


# --- pass 3: nesting -----------------------------------------------------------------------


def _opens_end_matter(node: Node) -> bool:
    """The recipients ("Nơi nhận:") or the signature block ("TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH") start the end matter of a text."""
    return node.kind in ("para", "group") and any(rx.match(node.text) for rx in _rules().end_matter)


def _closes_end_matter(node: Node) -> bool:
    """After the signature, an appendix, a "Phần"/"A." heading or the capitalised title of a
    new document ("QUY CHẾ", "KẾ HOẠCH") starts text again."""
    return node.kind in ("appendix", "chapter") or (
        node.kind in ("para", "group") and is_upper(node.text) and is_doc_title(node.text))


def _restarts(parent: Node, node: Node) -> bool:
    """A "1." directly under the part (no Roman yet), or a number below its previous sibling
    under a Roman heading (or "1." again): a Roman heading was lost here. A number equal to
    its previous one above 1 ("3." after "3.") is a typist's repeat, not a restart."""
    if parent.kind in ("part", "root"):
        return True
    if parent.kind != "roman":
        return False
    siblings = [c for c in parent.children if c.kind == "number" and "." not in c.value]
    if not siblings:
        return False
    value, previous = int(node.value or 0), int(siblings[-1].value or 0)
    return value < previous or value == previous == 1


@dataclass
class _TreeBuilder:
    """Nests the classified lines of a text, line by line, as a reader follows the numbering:
    each marked line closes the open lines of its rank or below and opens its own level."""

    roman_parts: set[int]
    """Parts numbered with Roman numerals (`_roman_parts`)."""
    root: Node = field(default_factory=lambda: Node("root", -1))
    part_no: int = 0
    """Number of the attached document being built (`_part_of`); 0 for the main text."""
    part: Node = field(init=False)
    """Its node: a "part" under the root, or the root itself for the main text."""
    stack: list[Node] = field(init=False)
    """The open lines, root first; the last one takes the next line."""
    last_roman: int = 0
    """The part's last Roman numeral, read or restored; a restored heading takes the next."""
    roman_rank: float = 1.0
    """The rank its Roman headings have (lower inside an article); a restored one takes it."""
    tail: Node | None = None
    """The open end matter (recipients, signature), if any."""
    warnings: list[Warning] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.part = self.root
        self.stack = self._part_stack()

    def _part_stack(self) -> list[Node]:
        """Nothing open but the part: where an attached document or a text after the
        signature starts."""
        return [self.root, self.part] if self.part is not self.root else [self.root]

    def _pop_while(self, pred: Callable[[Node], bool], keep: int = 1) -> None:
        """Close open lines from the innermost while `pred` holds, keeping at least `keep`."""
        while len(self.stack) > keep and pred(self.stack[-1]):
            self.stack.pop()

    def add(self, node: Node, part_no: int) -> None:
        """Place the next line of part `part_no`."""
        if part_no != self.part_no:
            self.start_part(part_no, node)
        if self.take_end_matter(node):
            return
        if node.kind in _FLOW_KINDS:
            self.add_paragraph(node)
        elif node.kind == "elided":
            self.add_elided(node)
        else:
            self.add_heading(node)

    def start_part(self, part_no: int, first: Node) -> None:
        """An attached document ("Kèm theo …") numbers itself afresh: a new part under the
        root, with no open heading, no Roman numeral read and no end matter."""
        self.part_no = part_no
        self.part = self.root.add(Node("part", -0.5, start=first.start, line_start=first.line_start))
        self.stack = self._part_stack()
        self.last_roman = 0
        self.roman_rank = 1.0
        self.tail = None

    def take_end_matter(self, node: Node) -> bool:
        """True when `node` is a line of the end matter, which it then joins. Recipients and
        signature close a text and hold no content; the end matter runs until an appendix,
        a part heading or a new document's title, where the text starts over at its part."""
        if self.tail is None and _opens_end_matter(node):
            self.tail = self.part.add(Node("end", 9, start=node.line_start, line_start=node.line_start))
        if self.tail is None:
            return False
        if _closes_end_matter(node):
            self.tail = None
            self.stack = self._part_stack()
            return False
        node.kind = "end-line"
        self.tail.add(node)
        self.tail.end = node.end
        return True

    def add_paragraph(self, node: Node) -> None:
        """A paragraph, a group heading ("…:") or a table row goes under the nearest open
        heading: a list item ("-", "+") or a numbered item that ended its sentence takes no
        paragraph. A plan's closing sentence ("Trong quá trình thực hiện …") belongs to the
        implementation part itself, not to its last agency heading ("2. Sở Nội vụ")."""
        if node.closing:
            # keep=2 is [root, part] in an attached part but [root, first heading] in the main
            # text, where the closing sentence may stay under a top-level "1." (kept as found).
            self._pop_while(lambda top: top.kind not in _MAJOR_KINDS, keep=2)
        # A label line ("Đơn vị chủ trì: Sở Nội vụ.") describes the item above it: it stays
        # under that item's numbered heading even when the heading ended its sentence.
        label = bool(_LABEL_LINE.match(node.text))
        self._pop_while(lambda top: top.kind in ITEM_KINDS or (top.closed and not label))
        self.stack[-1].add(node)

    def add_elided(self, node: Node) -> None:
        """A site's "[…]" where it cut a copy short stays where the cut is, under the open
        line, and opens nothing."""
        self.stack[-1].add(node)

    def add_heading(self, node: Node) -> None:
        """A marked line nests under the nearest open line of smaller rank (Phần > I. >
        Điều > 1. > 1.1. > a) > (i) > - > +) and stays open for the lines below it."""
        self._pop_while(lambda top: top.rank >= node.rank)
        if node.kind == "roman":
            self.last_roman = from_roman(node.value)
            self.roman_rank = node.rank
        elif node.kind == "chapter":
            self.last_roman = 0  # each Phần numbers its Roman headings afresh
        elif self._lost_roman_before(node):
            self.restore_roman(node)
        self.stack[-1].add(node)
        self.stack.append(node)

    def _lost_roman_before(self, node: Node) -> bool:
        """In a Roman-numbered part, a plain "N." that restarts the numbering (`_restarts`)
        comes after a Roman heading the scrape lost."""
        return (node.kind == "number" and self.part_no in self.roman_parts
                and "." not in node.value and _restarts(self.stack[-1], node))

    def restore_roman(self, node: Node) -> None:
        """Put back the lost Roman heading before `node`: where the Roman headings before it
        stand (under the part, the Phần or the article they are in) and with their rank, the
        numeral after the last one, empty (its text is lost), and say so in a warning."""
        rank = self.roman_rank
        self._pop_while(lambda top: top.kind not in ("part", "root", "chapter") and top.rank >= rank)
        self.last_roman += 1
        numeral = to_roman(self.last_roman)
        roman = self.stack[-1].add(Node("roman", rank, value=numeral, marker=f"{numeral}.", inferred=True,
                                        start=node.line_start, end=node.line_start,
                                        line_start=node.line_start))
        self.stack.append(roman)
        self.warnings.append(Warning(
            stage="outline", code="heading-inferred",
            span=Span(start=node.line_start, end=node.line_start),
            message=f"numbering restarts at {node.text[:40]!r}: inserted the lost "
                    f"heading {roman.marker} by position"))


# --- the stage -----------------------------------------------------------------------------


@stage("outline", requires={"lines"}, assigns={"outline", "sections"})
def build_outline(doc: Document) -> Document:
    """The section tree of the document's numbering, and its headings as `sections`."""
    outline = outline_of(doc.lines)
    return doc.updated(outline.warnings, outline=outline.root, sections=outline.sections)


def outline_of(doc_lines: list[Line]) -> Outline:
    """The section tree of the lines, its headings and the lost headings it restored: the
    numbering of an administrative text is its outline."""
    nodes = _titled_lists([classify(ln) for ln in doc_lines])
    part_of = _part_of(doc_lines, nodes)
    _rank_romans_under_articles(nodes, part_of)
    builder = _TreeBuilder(_roman_parts(nodes, part_of))
    for node, part_no in zip(nodes, part_of, strict=True):
        builder.add(node, part_no)
    _assign_paths(builder.root)
    _assign_roles(builder.root)
    return Outline(root=builder.root, sections=_sections(builder.root), warnings=builder.warnings)


# --- pass 4: paths, roles, sections --------------------------------------------------------


def _assign_paths(node: Node, prefix: str | None = None, base: str | None = None) -> None:
    """`prefix` is the enclosing path; `base` the part of it above the arabic numbering, so a
    dotted number ("1.2.") that already spells its parents is not doubled (II.1.2)."""
    misprinted = _misprinted_romans(node.children)
    for child in node.children:
        if child.kind in HEADING_KINDS:
            child.path, child_base = _path_of(child, prefix, base, misprinted.get(id(child)))
            restart = child.kind == "chapter" and not (_letter_part(child) or _numbered_part(child))
            _assign_paths(child, None if restart else child.path, child_base)
        elif child.children:
            _assign_paths(child, prefix, base)


def _letter_part(node: Node) -> bool:
    """A part marked by a capital letter ("B. NHIỆM VỤ VÀ GIẢI PHÁP"), cited with its sections
    ("mục B.II.1"), unlike a "Phần"/"Chương", whose sections are cited on their own."""
    return bool(re.fullmatch(r"[A-HĐ]\.?", node.marker or ""))


def _numbered_part(node: Node) -> bool:
    """A "Phần" numbered by digit, numeral or ordinal ("Phần thứ hai", "PHẦN II"), unlike a
    "Chương" or "Mục", whose sections are cited on their own."""
    return (node.kind == "chapter" and fold(node.marker or "").startswith("phần")
            and part_number(node.value or "") is not None)


def _misprinted_romans(children: list[Node]) -> dict[int, str]:
    """The numeral a misprinted part takes from its place (SPEC, project clarifications): a
    numeral printed twice in a row ("IV." and "IV." again: the second is V), or one out of
    sequence between two that are in it ("III.", "VI.", "V.": IV). A jump that the next part
    continues, and a numbering that starts again at I (an appendix), are as printed."""
    romans = [c for c in children
              if c.kind == "roman" and c.value and set(c.value) <= set("IVXLC")]
    out: dict[int, str] = {}
    last = None
    for i, node in enumerate(romans):
        printed = from_roman(node.value)
        number = printed
        if last is not None and printed != last + 1:
            following = from_roman(romans[i + 1].value) if i + 1 < len(romans) else None
            twice = printed == last and following in (None, last + 2)
            if twice or (printed > last + 1 and following == last + 2):
                number = last + 1
        if number != printed:
            out[id(node)] = to_roman(number)
        last = number
    return out


def _path_of(child: Node, prefix: str | None, base: str | None,
             renumbered: str | None = None) -> tuple[str, str | None]:
    """A heading's path and the base its children's dotted numbers hang from. A text cites
    its sections as "mục II.1", "Điều 5", "Phụ lục 2": Roman headings, articles and
    appendices start a path, except inside an article, a lettered part or a numbered "Phần"
    (which leads them with its number); a "Chương" is cited by its own marker and its
    sections start afresh; "1.2." already carries its
    parents' numbers. `renumbered` is a misprinted part's numeral by its place."""
    value = renumbered or child.value or ""
    if child.kind == "roman":
        # The parts of a plan written out inside an article ("Điều 1. Phê duyệt Đề án …:
        # I. …, II. …") or under a lettered part ("B. NHIỆM VỤ … I. …") carry it: Điều 1.IV.2.
        path = f"{prefix}.{value}" if prefix else value
        return path, path
    if child.kind == "article":
        return f"Điều {value}", f"Điều {value}"
    if child.kind == "appendix":
        # "Phụ lục II" is cited as PL2, like "Phụ lục 2" (gold SPEC).
        number = str(from_roman(value)) if value and set(value) <= set("IVXLC") else value
        return f"PL{number}", f"PL{number}"
    if child.kind == "chapter":
        if _numbered_part(child):
            # "Phần thứ hai" over Roman parts that start again at I in each Phần: its number
            # leads their paths (2.II.1), as the SPEC's path of the enclosing headings.
            number = str(part_number(child.value or ""))
            return number, number
        return child.marker.rstrip("."), None
    if child.kind == "number" and "." in value:
        return (f"{base}.{value}" if base else value), base
    return (f"{prefix}.{value}" if prefix else value), base


def _assign_roles(node: Node) -> None:
    """Every heading's role (purpose, tasks, organisation, funding …), from its words."""
    roles = _rules().roles
    for child in node.children:
        if child.kind in HEADING_KINDS:
            child.role = _role(child, roles)
        _assign_roles(child)


def _role(node: Node, roles: _Roles) -> str | None:
    """A plan's parts follow a stock order with stock headings ("Mục đích, yêu cầu",
    "Nhiệm vụ", "Tổ chức thực hiện"). A restored heading has no words: it takes the role
    of its first heading's words, and a run of agency headings ("1. Sở Tài chính") is the
    organisation of implementation. A part printed alone on its line ("PHẦN THỨ HAI") is
    named by the title line under it."""
    if node.kind == "chapter" and not node.text:
        # "PHẦN THỨ BA" over its title line "TỔ CHỨC THỰC HIỆN".
        title = next((c for c in node.children if c.kind == "para"), None)
        return _role_of_text(title.text, roles) if title is not None else None
    if not node.inferred:
        return _role_of_text(node.text, roles)
    headings = [c for c in node.children if c.kind in HEADING_KINDS]
    if not headings:
        return None
    if is_agency_heading(headings[0].text):
        return "organisation"
    return _role_of_text(headings[0].text, roles, own=False)


# A heading's trailing note in parentheses ("Kinh phí thực hiện (Có phụ lục … kèm theo)"):
# not part of its wording's length.
_NOTE = re.compile(r"\([^()]*\)\s*$")


def _role_of_text(text: str, roles: _Roles, own: bool = True) -> str | None:
    """The role of the first stock heading wording that starts the case-folded text. A
    heading's own sentence that happens to open with such words ("c) Tổ chức triển khai thực
    hiện các nội dung của các dự án …") is a task, not a part of the plan: it has no role.
    (A restored heading borrows its first item's words, sentence or not: `own` False.)"""
    words = len(_NOTE.sub("", text).split())
    t = fold(text)
    if (own and words > _rules().role_max_words and not is_upper(text)
            and not _rules().part_name.match(t)):
        return None
    for role, rx in roles:
        if rx.match(t):
            return role
    # OCR misreads a tone mark ("TÔ CHỨC THỰC HIỆN"): the wording without diacritics.
    plain = strip_diacritics(t, composed=True)
    for role, rx in _rules().plain_roles:
        if rx.match(plain):
            return role
    return None


def _sections(root: Node) -> list[Section]:
    """The headings of the tree, in document order, each naming its parent heading."""
    return list(_sections_under(root, None))


def _sections_under(node: Node, parent_path: str | None) -> Iterator[Section]:
    """A marked line is a section when it holds anything, or when it was restored (its
    text was lost but its place in the numbering was not); lines below a non-section
    belong to the enclosing section."""
    for child in node.children:
        if child.kind in HEADING_KINDS and (child.is_heading or child.inferred):
            yield _section(child, parent_path)
            yield from _sections_under(child, child.path)
        else:
            yield from _sections_under(child, parent_path)


def _section(node: Node, parent_path: str | None) -> Section:
    """One heading as published in `sections`: a restored heading has no heading text."""
    return Section(
        path=node.path or "", parent=parent_path, kind=_SECTION_KIND.get(node.kind, node.kind),
        marker=node.marker, heading=None if node.inferred else node.text,
        role=node.role, inferred=node.inferred, span=Span(start=node.line_start, end=node.end))
