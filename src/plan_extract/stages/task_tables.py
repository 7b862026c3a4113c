"""Task tables: "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện".

Plans often put their tasks in an appendix table. Each row under a header that names a task
column and a lead-agency column is one activity (gold SPEC): `label` the TT cell, `agency`
the chủ trì cell, `partners` the phối hợp cell split into agencies, `deadline` the time cell
as printed, `section_path` the appendix (`PL`, `PL1`) or else the enclosing heading. A row
with no lead agency that only names a group ("I | Công tác tuyên truyền") heads the rows
below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from .. import config
from ..document import Activity, Document, Node, Span
from ..lexicon import agencies
from ..lexicon.textnorm import fold
from .registry import stage

COLUMNS = ("number", "task", "lead", "partners", "deadline")


_ROW_LABEL = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,5}|[a-zđA-Z])[.)]?")
"""A TT cell's number ("1", "1.2", "II", "a)")."""
_MIN_CELLS = 3
"""A row of a task table (not a group row spanning it) has at least this many cells."""


@cache
def _names() -> dict[str, tuple[str, ...]]:
    table = config.activities().table
    return {col: tuple(sorted((" ".join(fold(n).replace("/", " ").split()) for n in getattr(table, col)),
                              key=len, reverse=True))
            for col in COLUMNS}


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column index per role when the row is a task-table header, else None."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        col = next((c for c in _cell_roles(cell) if c not in found), None)
        if col is not None:
            found[col] = i
    return found if "task" in found and "lead" in found else None


@lru_cache(maxsize=4096)
def _cell_roles(cell: str) -> tuple[str, ...]:
    """The header roles a cell's text names, in the order they are tried. Kept per text: a
    wide table repeats its cells (a row of 3,000 empty cells asked the same 200 names of
    each; issue 14)."""
    # "Nội dung/nhiệm vụ", "Cơ quan/đơn vị chủ trì": a name written with a slash reads as
    # its words.
    key = " ".join(fold(cell).replace("/", " ").split())
    names = _names()
    return tuple(col for col in ("lead", "partners", "deadline", "number", "task")
                 if any(key == n or key.startswith(n + " ") or (col in ("lead", "partners") and n in key)
                        for n in names[col]))


@dataclass
class Row:
    node: Node
    cells: list[tuple[str, int]]  # (text, offset in the normalized text)


def _cells(node: Node) -> list[tuple[str, int]]:
    """The row's cells with their offsets; an empty cell stays a cell, also where the
    normalized text collapsed its spaces ("Sở Nội vụ | | 2025")."""
    out = []
    pos = 0
    for part in node.text.split("|"):
        out.append((part.strip(), node.start + pos + (len(part) - len(part.lstrip()))))
        pos += len(part) + 1
    return out


def _overlay(upper: list[str], lower: list[str]) -> list[str]:
    """A two-row header as one: each column's name from the lower row, else the upper's."""
    n = max(len(upper), len(lower))
    return [(lower[i] if i < len(lower) else "") or (upper[i] if i < len(upper) else "") for i in range(n)]


def _names_task(texts: list[str]) -> bool:
    return any("task" in _cell_roles(t) for t in texts if t)


def _section_path(node: Node) -> str | None:
    for a in node.ancestors():
        if a.kind == "appendix":
            return a.path
    return node.section_path()


def _next_is_row(node: Node) -> bool:
    """Whether the node after this one, beside it under the same parent, is a table row."""
    if node.parent is None:
        return False
    siblings = node.parent.children
    at = next((i for i, n in enumerate(siblings) if n is node), None)
    return at is not None and at + 1 < len(siblings) and siblings[at + 1].kind == "row"


def _pick(cells: list[tuple[str, int]], i: int | None) -> tuple[str, int] | None:
    return cells[i] if i is not None and i < len(cells) and cells[i][0] else None


@stage("task_tables", requires={"outline", "activities"}, assigns={"activities"})
def add_table_activities(doc: Document) -> Document:
    """The rows of every task table join the activities, all in document order, numbered."""
    merged = sorted([*doc.activities, *table_activities(doc.outline)], key=lambda a: a.span.start)
    return doc.updated(activities=[a if a.id == i else replace(a, id=i)
                                   for i, a in enumerate(merged, start=1)])


def table_activities(root: Node) -> list[Activity]:
    """Activities from every task table of the outline, in document order (ids set later)."""
    out: list[Activity] = []
    columns: dict[str, int] | None = None  # set by a header row, kept while rows follow
    width = 0  # the header row's number of cells
    group: str | None = None
    first_row: list[str] | None = None  # a header's first row, naming the task but no lead
    last: list[tuple[str, int]] | None = None  # the cells of the table's last task row
    for node in root.walk():
        if node.kind != "row":
            first_row = None
            if columns and ((node.children and node.children[0].kind == "row")
                            or (node.text.rstrip().endswith(":") and _next_is_row(node))):
                # A group row printed as a line of its own ("I. NÂNG CAO NHẬN THỨC …" over its
                # rows, "+ Thực hiện các hoạt động can thiệp sau …:" its empty cells dropped,
                # over rows beside it): read as a heading, it names the group below, and the
                # table goes on.
                group = node.text
                continue
            # A row whose other cells are all empty reads as its bare TT or day ("15"): the
            # table goes on.
            if not (columns and re.fullmatch(r"\d{1,3}\.?", node.text.strip())):
                columns, group = None, None
            continue
        cells = _cells(node)
        texts = [c for c, _ in cells]
        found = header_columns(texts)
        if found is None and first_row is not None:
            # A header of two rows, a merged cell over the second's names ("… | Thực hiện" /
            # " |  |  | Đơn vị chủ trì | Đơn vị phối hợp"): each column named by its lower row.
            found = header_columns(_overlay(first_row, texts))
        first_row = texts if found is None and columns is None and _names_task(texts) else None
        if found and columns and "number" not in found and len(texts) < width:
            continue  # the header repeated without its TT cell (merged down): the table goes on
        if found:
            columns, group, width, last = found, None, len(texts), None
            continue
        if columns is None:
            continue
        if (last is not None and columns["lead"] < columns["task"]
              and len(cells) == width - columns["task"] and not _ROW_LABEL.fullmatch(texts[0].strip())):
            # A table that names the lead before the task ("STT | Cơ quan chủ trì | … | Nội dung
            # nhiệm vụ | …"), a sub-row under cells merged down from the row above (its STT,
            # lead and partners spanning several rows): its cells are the columns from the task
            # on, the others the above's.
            cells = [*last[:columns["task"]], *cells]
        elif (columns["task"] > 1 and columns["lead"] - columns["task"] < len(cells)
                <= width - columns["task"] and len(cells) >= _MIN_CELLS
                and columns["lead"] > columns["task"] and not _ROW_LABEL.fullmatch(texts[0].strip())):
            # A row under cells merged down before the task ("TT | Nhóm hoạt động | Hoạt động |
            # Cơ quan chủ trì | …", then "|  |  | + Hỗ trợ lập quy hoạch … | Bộ …"), the empty
            # cells dropped by the copy (and trailing ones): its cells are the columns from the
            # task on.
            cells = [("", cells[0][1])] * columns["task"] + cells
        elif (columns.get("number") == 0 and _MIN_CELLS <= len(cells) < width
                and not _ROW_LABEL.fullmatch(texts[0].strip())):
            # A row under a TT cell merged with the row above ("2 | Quản lý …" then "Thực hiện
            # sao lưu … | Sở Khoa học và Công nghệ | Sở Tài chính"): its cells start at the task.
            cells = [("", cells[0][1]), *cells]
        picked = {col: _pick(cells, columns.get(col)) for col in COLUMNS}
        task, lead = picked["task"], picked["lead"]
        if task is None or lead is None:
            # A heading row spanning the table: its one text names the group below.
            filled = [c for c, _ in cells if c]
            if filled:
                group = filled[-1]
            continue
        number, partners, deadline = picked["number"], picked["partners"], picked["deadline"]
        last = cells
        out.append(Activity(
            id=0, text=task[0], section_path=_section_path(node),
            label=number[0].rstrip(".") if number else None, group=group,
            agency=agencies.canonical(lead[0], expand=False),
            partners=agencies.split_agencies(partners[0]) if partners else [],
            deadline=deadline[0] if deadline else None,
            span=Span(start=task[1], end=task[1] + len(task[0]))))
    return out
