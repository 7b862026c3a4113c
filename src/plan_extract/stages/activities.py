"""Activities per the gold SPEC: the lowest-level items of the task-bearing parts of a plan
(NỘI DUNG / NHIỆM VỤ / GIẢI PHÁP / HOẠT ĐỘNG, and TỔ CHỨC THỰC HIỆN with the agency each
item belongs to), or the reporting paragraphs and items of a news article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .. import config
from ..document import HEADING_KINDS, Activity, Document, Kind, Metadata, Node, Span
from ..lexicon import agencies
from ..lexicon.textnorm import CLAUSE_END, TERMINAL, UPPER, is_upper
from .registry import stage

TASK_ROLES = {"tasks", "organisation"}
NORMATIVE_ROLES = {"organisation"}
EXCLUDED_ROLES = {"purpose", "objectives", "funding", "scope", "basis"}
MARKED = {"chapter", "appendix", "roman", "article", "number", "letter", "subitem", "dash", "plus"}


@cache
def _deadline() -> re.Pattern[str]:
    return re.compile(config.activities().deadline)


@cache
def _action_types() -> frozenset[str]:
    return frozenset(config.activities().action_types)


@cache
def _not_task() -> re.Pattern[str]:
    return re.compile("|".join(config.activities().not_tasks))


@cache
def _attribute_line() -> re.Pattern[str]:
    a = config.activities().attributes
    groups = {"deadline": a.deadline, "partners": a.partners, "lead": a.lead,
              "beside": a.beside, "other": a.other}
    alts = "|".join(f"(?P<{role}>{'|'.join(map(re.escape, sorted(labels, key=len, reverse=True)))})"
                    for role, labels in groups.items())
    # "Thời gian dự kiến: Quý II/2025", or a heading with the value under it ("2. Cơ quan chủ
    # trì, phối hợp" over "a) Cơ quan chủ trì: …").
    return re.compile(rf"(?:[*•_=~]+\s*)?(?:{alts})(?:[\s,]+[^\s:,]+){{0,{a.max_extra_words}}}"
                      rf"(?:\s*:\s*(?P<value>.*)|\s*:?$)", re.IGNORECASE | re.DOTALL)


@cache
def _time_without_colon() -> re.Pattern[str]:
    return re.compile(config.activities().attributes.time_without_colon)


# The value lines under a label alone ("Thời gian thực hiện" over "- Đợt 1: tháng 3/2026")
# are short; a task sentence under it says the label was a heading of tasks.
_VALUE_MAX_WORDS = 15


def _value_line(text: str) -> bool:
    """A line that gives a label's value: short, or a list of names with no verb in it
    ("Tư lệnh các quân khu; Chủ tịch Ủy ban nhân dân các tỉnh, thành phố …")."""
    return len(text.split()) <= _VALUE_MAX_WORDS or agencies.names_only(text)


def attribute(node: Node) -> tuple[str, str] | None:
    """(role, value) of an attribute line ("Thời gian dự kiến: Quý II/2025" -> deadline),
    else None; role is deadline, partners, lead, beside or other. A label alone is an
    attribute heading only over the lines that give its value."""
    m = _attribute_line().match(node.text)
    if ((m is None or m["value"] is None and not node.children)
            and (bare := _time_without_colon().match(node.text))):
        return "deadline", bare["value"].strip().rstrip(".;")
    if m is None or (m["value"] is None and not node.children):
        return None
    if m["value"] is None and not all(_value_line(c.text) for c in node.children):
        return None  # "b) Chủ trì, phối hợp" over whole task sentences: a group of tasks
    role = next(r for r in ("deadline", "partners", "lead", "beside", "other") if m[r])
    value = m["value"] if m["value"] else "; ".join(c.text for c in node.children)
    return role, value.strip().rstrip(".;")


def is_block(node: Node) -> bool:
    """A numbered event or task whose lines under it are all attribute lines: one activity.
    A label ending in a colon with its values under it ("- Cơ quan thực hiện:" / "+ Sở Văn
    hóa … chủ trì …") is one of its lines (`_block_line`); so are lettered attribute headings
    over lists of particulars (`_labelled_block`)."""
    return bool(node.children) and (all(_block_line(c) for c in node.children)
                                    or _labelled_block(node))


def _starts_with(labels: list[str]) -> re.Pattern[str]:
    alts = "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
    return re.compile(rf"(?:[*•_=~]+\s*)?(?:{alts})(?!\w)", re.IGNORECASE)


@cache
def _label_start() -> re.Pattern[str]:
    a = config.activities().attributes
    return _starts_with([*a.deadline, *a.partners, *a.lead, *a.beside, *a.other])


@cache
def _list_label_start() -> re.Pattern[str]:
    a = config.activities().attributes
    return _starts_with([*a.deadline, *a.partners, *a.lead, *a.particulars])


def _labelled_block(node: Node) -> bool:
    """A monitoring or survey task written as lettered attributes, each over its own list
    ("1.1.1. Vùng nuôi tôm nước lợ" / "a. Thời gian thực hiện: tháng 3 - 11" / "b. Địa điểm,
    số điểm quan trắc" over "- Số điểm: 08 điểm" / "c. Thông số (chỉ tiêu), tần suất quan trắc
    …" over the parameters): every marked line under a numbered task opens with an attribute
    label, and one of them gives its value after a colon; a plain label line ending in a colon
    ("Điểm quan trắc: … như sau:") takes the marked lines after it as its list. Its lists are
    particulars of the one activity, not tasks; a part heading (I., Điều) is never such a
    block."""
    if node.kind in ("roman", "chapter", "article") or attribute(node) is not None:
        return False
    labelled: list[Node] = []
    listing = False  # under a plain label line ending in ":", its list: the values it announces
    for c in node.children:
        if c.kind not in MARKED:
            if c.text.startswith("("):
                continue
            if not (_list_label_start().match(c.text) and c.text.rstrip().endswith(":")):
                return False  # a paragraph under the heading says what it does: the task is there
            listing = True  # "Điểm quan trắc: … tại 15 vị trí như sau:" over "- Cửa sông …"
        elif _label_start().match(c.text):
            listing = False
        elif listing:
            continue
        else:
            return False
        labelled.append(c)
    return (len(labelled) >= 2
            and all(_list_label_start().match(c.text) for c in labelled if c.children)
            and any((m := _attribute_line().match(c.text)) and m["value"] for c in labelled))


def _block_line(node: Node) -> bool:
    """An attribute line of a block; one with lines under it only where they are its values:
    the agencies or times a label ending in a colon lists ("- Cơ quan thực hiện:" / "+ Sở …"),
    not a "Nội dung:" or "Phương thức:" over items of their own."""
    found = attribute(node)
    if found is None:
        return False
    return not node.children or (node.text.rstrip().endswith(":")
                                 and found[0] in ("lead", "partners", "deadline"))


def _beside(node: Node) -> bool:
    """An attribute heading beside the items it describes ("b) Phương thức thực hiện:",
    "c) Thời gian thực hiện: quý III"): no activity, nor are the lines under it."""
    found = attribute(node)
    return found is not None and found[0] != "other"


def _attributes(node: Node, beside_of: dict[int, list[Node]] | None = None) -> dict[str, str]:
    """The attribute lines that describe an activity: its own block's, else those beside it
    or beside the nearest heading above it. `beside_of` keeps each parent's attribute
    headings once found: without it a list of n items scans its n siblings n times."""
    memo = {} if beside_of is None else beside_of
    lines = node.children if is_block(node) else []
    if not lines:
        # Lettered or dash attribute lines beside the item or its heading: a plan's numbered
        # "3. Thời gian" part is no attribute of the items of its "2.".
        for n in (node, *node.ancestors())[:2]:
            beside = []
            if n.parent is not None:
                if id(n.parent) not in memo:
                    memo[id(n.parent)] = [c for c in n.parent.children if _beside(c)]
                beside = memo[id(n.parent)]
            if beside:
                # "2. Cơ quan chủ trì, phối hợp" over "a) Cơ quan chủ trì …", "b) Cơ quan phối hợp …"
                lines = [x for c in beside for x in (c, *(k for k in c.children if attribute(k)))]
                break
    out: dict[str, str] = {}
    for line in lines:
        if (found := attribute(line)) is not None:
            out.setdefault(found[0], found[1])
    return out


@stage("activities", requires={"outline", "kind", "metadata", "issuance_span"}, assigns={"activities"})
def find_activities(doc: Document) -> Document:
    """The items and paragraphs that assign work, in document order (task-table rows are
    added by the next stage)."""
    kind, md, root = doc.kind, doc.metadata, doc.outline
    if kind == "news":
        nodes = list(_news_items(root, doc.issuance_span))
    else:
        # A type the header could not read gets the benefit of the doubt: a plan whose
        # header the scrape damaged is still a plan.
        action_type = md.doc_type is None or md.doc_type in _action_types()
        # In a normative text (Luật, Nghị định, Thông tư …) "Hoạt động …" / "Thực hiện …"
        # items are provisions; only its implementation part (Tổ chức thực hiện) assigns work.
        roles = TASK_ROLES if kind in ("plan", "decision") or action_type else NORMATIVE_ROLES
        has_task_part = any(_role(n) in roles for n in root.walk() if n.kind in HEADING_KINDS)
        fallback = not has_task_part and (kind == "plan" or action_type)
        topical = _topical_parts(root) if kind == "plan" or action_type else set()
        inline = _inline_plans(root) if kind == "decision" else []
        nodes = [(n, g) for n, g in _items(root)
                 if (_eligible(n, roles, has_task_part, fallback) or _in_inline_plan(n, inline)
                     or _in_topical_part(n, topical))
                 and not _not_task().search(n.text)]
    # A form's blanks ("………", "______") are lines to fill in, not activities; nor is a title
    # in capitals ("DANH MỤC NHIỆM VỤ" under a Phụ lục heading).
    nodes = [(n, g) for n, g in nodes if any(ch.isalpha() for ch in n.text) and not _title_line(n)]
    found = []
    beside_of: dict[int, list[Node]] = {}
    for i, (node, group) in enumerate(nodes, start=1):
        attrs = _attributes(node, beside_of)
        partners = agencies.split_agencies(attrs["partners"]) if attrs.get("partners") else []
        text, span = _content(node) or (node.text, Span(start=node.start, end=node.end))
        found.append(Activity(
            id=i, text=text, section_path=node.section_path(), label=_label(node),
            group=group, agency=_agency(node, kind, md),
            partners=partners or agencies.partners(text),
            deadline=_deadline_of(text) or attrs.get("deadline") or None,
            span=span))
    return doc.updated(activities=found)


def _content(node: Node) -> tuple[str, Span] | None:
    """A block headed by its name only ("Hoạt động 1") is the task its content line gives
    ("- Nội dung: Triển khai Tháng hành động …"), with that line's span."""
    a = config.activities().attributes
    if not is_block(node) or not re.match(a.bare_name, node.text.strip()):
        return None
    for child in node.children:
        if m := re.match(a.content, child.text):
            return m["value"], Span(start=child.start + m.start("value"), end=child.end)
    return None


def _items(node: Node) -> Iterator[tuple[Node, str | None]]:
    """Leaves in document order with their group heading ("Nâng cao …:" above dash items).

    A paragraph beside marked items is an activity only after them (a closing instruction),
    never before them (it introduces them)."""
    group: str | None = None
    seen_item = False
    has_items = any(c.kind in MARKED for c in node.children)
    for i, child in enumerate(node.children):
        if child.kind == "group" and _introduces(node.children, i):
            group = child.text.rstrip(":").strip()
            continue
        if child.kind in ("para", "group"):
            if child.closing:
                group = None
            if _beside(child):
                continue  # "* Thời gian thực hiện: …" under the items it times
            if not has_items or seen_item:
                yield child, group
            continue
        if child.kind in ("elided", "end", "row"):
            continue  # a cut-off copy's marker; recipients and signature block; table rows
        seen_item = True
        if _beside(child) and not all(_beside(c) for c in node.children):
            continue  # "b) Phương thức thực hiện" beside "a) Các hoạt động chủ yếu"
        if child.children and not is_block(child):
            yield from _items(child)
        else:
            yield child, group


def _introduces(siblings: list[Node], i: int) -> bool:
    nxt = siblings[i + 1] if i + 1 < len(siblings) else None
    return nxt is not None and nxt.kind != "group" and not nxt.closing


def _role(node: Node) -> str | None:
    for n in (node, *node.ancestors()):
        if n.role:
            return n.role
    return None


def _eligible(node: Node, roles: set[str], has_task_part: bool, fallback: bool) -> bool:
    ruled = [a for a in node.ancestors() if a.role]
    role = ruled[0].role if ruled else None
    if role in roles or (role == "funding" and any(a.role in roles for a in ruled[1:])
                         and _assigned(node)):
        return True
    if role in EXCLUDED_ROLES or has_task_part or not fallback:
        return False
    # No task-bearing heading anywhere: every item under some heading, but not preamble.
    return any(a.kind in HEADING_KINDS for a in node.ancestors())


def _assigned(node: Node) -> bool:
    """A funding item inside a task part written as a task: a lead agency is named beside it
    ("4.1. Kinh phí thực hiện" / "a) Nhiệm vụ: Các đơn vị … lập dự toán …" / "b) Cơ quan thực
    hiện:" over "- Đơn vị chủ trì: …"), so it is one of the plan's tasks, not its budget."""
    siblings = node.parent.children if node.parent is not None else []
    return any((found := attribute(s)) is not None and found[0] == "lead" for s in siblings)


@cache
def _not_topical() -> re.Pattern[str]:
    return re.compile(config.activities().not_topical)


def _heading_text(node: Node) -> str:
    return re.sub(r"^(?:[IVXLC]+|[A-ZĐ]|\d+)\s*[.)/-]\s*", "", node.text)


def _topical_parts(root: Node) -> set[int]:
    """A plan's task parts named by their topic ("III. PHÁT TRIỂN HẠ TẦNG SỐ", "IV. CHUYỂN
    ĐỔI SỐ TRONG CÁC NGÀNH"): top-level parts with no role of their own that follow its
    purpose or objectives part and come before its organisation part. The sections of a
    "Phần" count as top-level ("Phần thứ hai: I. Quan điểm … II. … III. Giải pháp")."""
    parts = [c for top in root.children
             for c in (top.children if top.kind == "chapter" else [top])
             if c.kind in HEADING_KINDS and c.children]
    out: set[int] = set()
    opened = False
    for part in parts:
        if part.role in ("purpose", "objectives"):
            opened = True
        elif part.role == "organisation":
            break
        elif part.role is None and opened and not _not_topical().match(_heading_text(part)):
            out.add(id(part))
    return out


def _in_topical_part(node: Node, topical: set[int]) -> bool:
    if not topical:
        return False
    chain = [node, *node.ancestors()]
    top = next((a for a in reversed(chain) if id(a) in topical), None)
    if top is None:
        return False
    role = next((a.role for a in chain if a.role and a is not top), None)
    return role not in EXCLUDED_ROLES


@cache
def _inline_plan() -> re.Pattern[str]:
    return re.compile(config.activities().inline_plan, re.IGNORECASE)


def _inline_plans(root: Node) -> list[Node]:
    """Articles that approve or issue a plan written out under them ("Điều 1. Phê duyệt Kế
    hoạch … như sau:" and its items)."""
    return [n for n in root.walk() if n.kind == "article" and n.children
            and _inline_plan().match(_article_text(n))]


def _article_text(node: Node) -> str:
    return re.sub(r"^Điều\s+\d+\s*[.:]?\s*", "", node.text)


def _in_inline_plan(node: Node, inline: list[Node]) -> bool:
    """An item of a plan inside an article, by a plan's rules: under a task part of it, or,
    where it has none, under no purpose, objectives, scope or funding part."""
    article = next((a for a in node.ancestors() if a in inline), None)
    if article is None:
        return False
    chain = [node, *(a for a in node.ancestors() if a is not article and article in a.ancestors())]
    role = next((a.role for a in chain if a.role), None)
    if role in TASK_ROLES:
        return True
    has_tasks = any(n.role in TASK_ROLES for n in article.walk() if n is not article)
    return role not in EXCLUDED_ROLES and not has_tasks


def _news_items(root: Node, issuance: Span | None) -> Iterator[tuple[Node, str | None]]:
    """Reporting paragraphs and items; not the headline, date lines, captions or bylines
    (no closing punctuation), not the lead (the first full paragraph, unless it introduces
    items) and not the sentence that reports the plan's issuance."""
    lead = next((n for n in root.walk() if n.kind in ("para", "group")
                 and n.text[-1:] in CLAUSE_END), None)
    for node, group in _items(root):
        if node.kind in ("para", "group"):
            if node.text[-1:] not in TERMINAL or node is lead:
                continue
            if issuance and issuance.start <= node.start < issuance.end:
                continue
        yield node, group



def _label(node: Node) -> str | None:
    if node.kind in ("dash", "plus"):
        return "-" if node.kind == "dash" else "+"
    if node.kind in ("para", "group"):
        return None
    if node.kind == "article":
        return f"Điều {node.value}"
    return node.value or None


def _agency(node: Node, kind: Kind, md: Metadata) -> str | None:
    found = _agency_name(node, kind)
    return agencies.canonical(found, md, expand=False) if found else None


def _agency_name(node: Node, kind: Kind) -> str | None:
    """The agency of an item as printed: news name it in an assignment; in an implementation
    part or under agency headings it is the nearest agency heading's, or the name of a
    "Trách nhiệm của X" heading, unless the item opens with an agency of its own ("+ Sở Xây
    dựng: hướng dẫn …"); elsewhere the agency a task sentence opens with."""
    if kind == "news":
        return agencies.agency_in_assignment(node.text)
    chain = [node, *node.ancestors()]
    org = next((i for i, n in enumerate(chain) if n.role == "organisation"), None)
    heading = None
    if org is None:
        # Tasks listed under agency headings in any task part ("II. NỘI DUNG THỰC HIỆN /
        # 1. Sở Y tế / a) Chủ trì …"), as in a "Phân công nhiệm vụ" part.
        for n in chain[1:]:
            if n.kind in HEADING_KINDS and (
                    (named := agencies.responsible(_heading_text(n)))
                    or (_bare_name(n) and agencies.is_agency_heading(_heading_text(n))
                        and (named := agencies.heading_name(_heading_text(n))))):
                heading = named
                break
        if heading is None:
            return None
        return _own_agency(node) or heading
    for n in chain[1:org + 1]:
        if n.kind in HEADING_KINDS and (named := agencies.responsible(_heading_text(n))):
            return agencies.agency_before_colon(node.text) or named
        if n is chain[org]:
            break
        if n.kind in HEADING_KINDS and agencies.is_agency_heading(n.text):
            return agencies.agency_before_colon(node.text) or agencies.heading_name(n.text)
        # "1. Giao Sở X là cơ quan đầu mối, chủ trì …; tổ chức thực hiện các nhiệm vụ sau:"
        if n.children and (lead := agencies.agency_in_sentence(_heading_text(n))):
            # "Các sở, ngành sau đây có trách nhiệm …:" over "a) Sở Tài chính: …" lines: each
            # line names its own agency, as under an agency heading.
            return agencies.agency_before_colon(node.text) or lead
    if node.closing:
        return None
    return agencies.agency_in_sentence(node.text)


def _own_agency(node: Node) -> str | None:
    """The agency an item under an agency heading opens with, "Sở X: …" or "Sở X phối hợp …"."""
    return agencies.agency_before_colon(node.text) or agencies.agency_in_sentence(node.text)


def _title_line(node: Node) -> bool:
    return node.kind in ("para", "group") and is_upper(node.text) and node.text[-1:] not in TERMINAL


def _bare_name(node: Node) -> bool:
    """A heading that is a name and nothing else ("1. Sở Y tế", "b) Ủy ban nhân dân các xã"):
    no verb follows the name."""
    text = agencies.without_note(_heading_text(node)).rstrip(":")
    head, colon, listed = text.partition(":")
    if colon and _NAMES.fullmatch(listed.strip()) and agencies.names_only(listed):
        text = head  # "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, …": the units it names
    name = agencies.agency_in_sentence(text)
    return name is not None and len(name) >= len(text) - 1


# Proper names listed after a colon ("Gia Thuận, Tân Điền và Tân Phú Đông").
_NAMES = re.compile(rf"[{UPPER}][^,;:.]*(?:(?:,|\s+và)\s+[{UPPER}][^,;:.]*)*")


def _deadline_of(text: str) -> str | None:
    m = _deadline().search(text)
    return m.group(0) if m else None
