"""Rebuild the section tree from the numbering (I. / 1. / a) / - / +, Điều N., Phụ lục).

Where a scrape lost a Roman heading but the numbering restarts at "1." (and the text uses
Roman numerals elsewhere), the missing level is inserted with its numeral by position and
a role guessed from what it holds ("Mục đích" -> purpose, "Kinh phí" -> funding, a run of
"Sở …" headings -> organisation of implementation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..config import load_toml
from ..document import HEADING_KINDS, ITEM_KINDS, Document, Line, Node, Section, Span, Warning
from ..lexicon.agencies import is_agency_heading
from ..lexicon.doc_types import is_doc_title
from ..lexicon.textnorm import TERMINAL, fold, is_upper, pattern
from .registry import stage


@dataclass
class Outline:
    root: Node
    sections: list[Section]
    warnings: list[Warning]


@cache
def _cfg():
    data = load_toml("stages/outline.toml")
    markers = [(m["kind"], m["rank"], re.compile(m["regex"]), m.get("upper", False))
               for m in data["markers"]]
    o = data["outline"]
    roles = [(r["role"], re.compile(r["regex"])) for r in data["roles"]]
    return (markers, re.compile(o["attachment"], re.IGNORECASE), re.compile(o["elided"]),
            [re.compile(p) for p in o["closing"]], roles)


@cache
def _end_matter() -> list[re.Pattern[str]]:
    return [pattern(p) for p in load_toml("stages/outline.toml")["outline"]["end_matter"]]


def classify(line: Line) -> Node:
    """One line as a node: its marker kind, value and the text after the marker."""
    markers, attachment, elided, closing, _ = _cfg()
    text = line.text
    if elided.match(text):
        return Node("elided", 9, text=text, start=line.start, end=line.end, line_start=line.start)
    if " | " in text:  # a table row (cells joined by " | "), even when its TT cell is "1.1"
        return Node("row", 8, text=text, start=line.start, end=line.end, line_start=line.start)
    for kind, rank, rx, upper in markers:
        m = rx.match(text)
        if not m or (upper and not is_upper(m.group("t"))):
            continue
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        value = groups.get("v") or groups.get("v1") or groups.get("v2") or ""
        marker = groups.get("m") or groups.get("m2") or ""
        body = groups.get("t", groups.get("t2", ""))
        if kind == "number" and "." in value:
            rank += 0.1 * value.count(".")
        if kind in ("chapter", "appendix") and body and not is_upper(body) and len(body) > 120:
            continue  # "Phụ lục này quy định …" is a sentence, not a heading
        start = line.start + (m.start("t") if "t" in groups else m.start("t2"))
        node = Node(kind, rank, value=value, marker=marker.strip(), text=body, start=start,
                    end=line.end, line_start=line.start)
        node.closed = kind in ITEM_KINDS or (
            kind in ("number", "letter", "article") and body[-1:] in TERMINAL)
        return node
    node = Node("para", 8, text=text, start=line.start, end=line.end, line_start=line.start)
    node.closing = any(p.match(text) for p in closing)
    if text.endswith(":") and not node.closing:
        node.kind = "group"
    return node



_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def from_roman(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=False):
        v = values.get(a, 0)
        total += -v if values.get(b, 0) > v else v
    return total


ARTICLE_RANK = 2.0
"""Rank of "Điều N." in data/outline.toml."""


@stage("outline", requires={"lines"}, assigns={"outline", "sections"})
def build_outline(doc: Document) -> Document:
    """The section tree of the document's numbering, and its headings as `sections`."""
    outline = outline_of(doc.lines)
    return doc.updated(outline.warnings, outline=outline.root, sections=outline.sections)


def outline_of(doc_lines: list[Line]) -> Outline:
    _, attachment, _, _, _ = _cfg()
    nodes = [classify(ln) for ln in doc_lines]
    # Which lines start an attached document ("(Kèm theo Quyết định số …)"). Under a
    # "Phụ lục" heading (its title and "Kèm theo" line follow it) the appendix is the part.
    part_of = []
    part = 0
    for i, ln in enumerate(doc_lines):
        if attachment.match(ln.text) and not any(n.kind == "appendix" for n in nodes[max(0, i - 3):i]):
            part += 1
        part_of.append(part)
    uses_roman = {p: any(n.kind == "roman" for n, q in zip(nodes, part_of, strict=True) if q == p)
                  for p in set(part_of)}
    # A decision whose "Điều 1. … với các nội dung sau:" goes on with "I. …", "II. …": where
    # an article comes before any Roman heading, Roman headings are parts of the article.
    first = {}
    for n, q in zip(nodes, part_of, strict=True):
        if n.kind in ("article", "roman"):
            first.setdefault(q, n.kind)
    for n, q in zip(nodes, part_of, strict=True):
        if n.kind == "roman" and first.get(q) == "article":
            n.rank = ARTICLE_RANK + 0.5

    root = Node("root", -1)
    warnings: list[Warning] = []
    current_part = root
    stack: list[Node] = [root]
    last_roman = 0
    current = 0
    tail: Node | None = None
    for node, p in zip(nodes, part_of, strict=True):
        if p != current:
            current = p
            current_part = root.add(Node("part", -0.5, start=node.start, line_start=node.line_start))
            stack = [root, current_part]
            last_roman = 0
            tail = None
        if tail is None and node.kind in ("para", "group") and any(
                rx.match(node.text) for rx in _end_matter()):
            tail = current_part.add(Node("end", 9, start=node.line_start, line_start=node.line_start))
        if tail is not None:
            if node.kind in ("appendix", "chapter") or (
                    node.kind in ("para", "group") and is_upper(node.text)
                    and is_doc_title(node.text)):
                tail = None
                stack = [root, current_part] if current_part is not root else [root]
            else:
                node.kind = "end-line"
                tail.add(node)
                tail.end = node.end
                continue
        if node.kind in ("para", "group", "row"):
            if node.closing:
                while len(stack) > 2 and stack[-1].kind not in ("roman", "chapter", "article",
                                                                "appendix"):
                    stack.pop()
            while len(stack) > 1 and (stack[-1].kind in ITEM_KINDS or stack[-1].closed):
                stack.pop()
            stack[-1].add(node)
            continue
        if node.kind == "elided":
            stack[-1].add(node)
            continue
        while len(stack) > 1 and stack[-1].rank >= node.rank:
            stack.pop()
        if node.kind == "roman":
            last_roman = from_roman(node.value)
        elif node.kind == "number" and uses_roman[p] and "." not in node.value:
            parent = stack[-1]
            if _restarts(parent, node):
                while len(stack) > 1 and stack[-1].kind not in ("part", "root"):
                    stack.pop()
                last_roman += 1
                roman = stack[-1].add(Node("roman", 1.0, value=to_roman(last_roman),
                                           marker=f"{to_roman(last_roman)}.", inferred=True,
                                           start=node.line_start, end=node.line_start,
                                           line_start=node.line_start))
                stack.append(roman)
                warnings.append(Warning(
                    stage="outline", code="heading-inferred",
                    span=Span(start=node.line_start, end=node.line_start),
                    message=f"numbering restarts at {node.text[:40]!r}: inserted the lost "
                            f"heading {roman.marker} by position"))
        stack[-1].add(node)
        if node.kind != "elided":
            stack.append(node)
    _assign_paths(root)
    _assign_roles(root)
    return Outline(root=root, sections=_sections(root), warnings=warnings)



def _restarts(parent: Node, node: Node) -> bool:
    """A "1." directly under the part (no Roman yet), or a number not above its previous
    sibling under a Roman heading: a Roman heading was lost here."""
    if parent.kind in ("part", "root"):
        return True
    if parent.kind != "roman":
        return False
    siblings = [c for c in parent.children if c.kind == "number" and "." not in c.value]
    return bool(siblings) and int(node.value or 0) <= int(siblings[-1].value or 0)


def _assign_paths(node: Node, prefix: str | None = None, base: str | None = None) -> None:
    """`prefix` is the enclosing path; `base` the part of it above the arabic numbering, so a
    dotted number ("1.2.") that already spells its parents is not doubled (II.1.2)."""
    for child in node.children:
        if child.kind in HEADING_KINDS:
            value = child.value or ""
            child_base = base
            if child.kind == "roman":
                path = child_base = value
            elif child.kind == "article":
                path = child_base = f"Điều {value}"
            elif child.kind == "appendix":
                path = child_base = f"PL{value}"
            elif child.kind == "chapter":
                path, child_base = child.marker.rstrip("."), None
            elif child.kind == "number" and "." in value:
                path = f"{base}.{value}" if base else value
            else:
                path = f"{prefix}.{value}" if prefix else value
            child.path = path
            _assign_paths(child, None if child.kind == "chapter" else path, child_base)
        elif child.children:
            _assign_paths(child, prefix, base)


def _assign_roles(node: Node) -> None:
    _, _, _, _, roles = _cfg()
    for child in node.children:
        if child.kind in HEADING_KINDS:
            child.role = _role(child, roles)
        _assign_roles(child)


def _role(node: Node, roles) -> str | None:
    if node.inferred:
        headings = [c for c in node.children if c.kind in HEADING_KINDS or c.kind == "number"]
        if headings and is_agency_heading(headings[0].text):
            return "organisation"
        for h in headings[:1]:
            role = _role_of_text(h.text, roles)
            if role:
                return role
        return None
    return _role_of_text(node.text, roles)


def _role_of_text(text: str, roles) -> str | None:
    t = fold(text)
    for role, rx in roles:
        if rx.match(t):
            return role
    return None


def _sections(root: Node) -> list[Section]:
    out: list[Section] = []

    def walk(node: Node, parent_path: str | None) -> None:
        for child in node.children:
            if child.kind in HEADING_KINDS and child.is_heading or (
                    child.kind in HEADING_KINDS and child.inferred):
                out.append(Section(
                    path=child.path or "", parent=parent_path,
                    kind="roman" if child.kind == "roman" else (
                        "part" if child.kind == "chapter" else child.kind),
                    marker=child.marker, heading=None if child.inferred else child.text,
                    role=child.role, inferred=child.inferred,
                    span=Span(start=child.line_start, end=child.end)))
                walk(child, child.path)
            else:
                walk(child, parent_path)

    walk(root, None)
    return out
