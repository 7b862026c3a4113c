"""Tables printed one cell per line, rebuilt into " | " rows.

Text taken from a PDF column by column (the Official Gazette's text copies, some converters)
lays a task table out cell after cell, each cell wrapped over several lines:

    TT / Nhiệm vụ / Cơ quan / chủ trì / Cơ quan / phối hợp / Thời gian
    1.1 / Rà soát, sửa đổi, bổ / sung các quy định. / Bộ Tài chính / Bộ Khoa học và /
    Công nghệ / Quý IV/2026

Rebuilt as rows, the table reads like any other reader's table in the task-table stage.
Where a cell begins is not printed, so a row's lines are first cut into runs: a line goes on
the run before it when it opens in lower case or the run ends on a joining word ("và",
"của", a comma). The task is the first run, up to the first run that names an agency (the
lead); the time is the last run when it reads as one; agencies after the lead are partners
and any other run fills the remaining columns (product, level) in order. A row cut by a page
break (the header printed again, then the rest of its cells) is joined back: the lines
before the next TT continue its task, lead or partners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ... import config
from ...lexicon import agencies, places
from ...lexicon.textnorm import fold

_LABEL = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXL]{1,5}\.?|[A-Z]\.|[a-zđ]\))")
"""A row's number alone on its line: "1", "1.2", "II", "A.", or a sub-row's letter "a)"."""
_SPANNING = re.compile(r"(?P<label>\d{1,3}\.|[IVXL]{1,5}\.?|[A-Z]\.)\s+(?P<text>\S.*)")
"""A group row printed across the table's width, its number on the same line."""
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
"""A column name's note in parentheses, printed on the line under it ("Đơn vị phối hợp" /
"(Bộ/ngành/địa phương)"): part of the name, no column of its own."""
_INLINE = re.compile(r"(?P<label>\d{1,3}(?:\.\d{1,3})+\.?)\s+(?P<text>\S.*)")
"""A sub-row whose number shares the line with its task's first line ("2.1 Theo dõi …")."""


@dataclass(frozen=True)
class _Cfg:
    names: dict[str, tuple[str, ...]]  # role -> folded column names
    joining: frozenset[str]
    joining_number: frozenset[str]
    time_cell: re.Pattern[str]
    max_row_lines: int
    spanning_ratio: float
    end: re.Pattern[str]


@cache
def _cfg() -> _Cfg:
    table = config.activities().table
    roles = ("number", "task", "lead", "partners", "deadline", "other")
    return _Cfg(names={r: tuple(fold(n) for n in getattr(table, r)) for r in roles},
                joining=frozenset(table.cell_lines.joining),
                joining_number=frozenset(table.cell_lines.joining_number),
                time_cell=re.compile(table.cell_lines.time_cell),
                max_row_lines=table.cell_lines.max_row_lines,
                spanning_ratio=table.cell_lines.spanning_ratio,
                end=re.compile(table.cell_lines.end))


_FOOTNOTE = re.compile(r"\[\d{1,2}\]|\(\d{1,2}\)$")
"""A column name's footnote mark ("Thuộc nhóm nhiệm vụ, hành động[1]")."""


def _role(text: str, exact: bool = False) -> str | None:
    key = " ".join(fold(_FOOTNOTE.sub("", text)).split())
    for role, names in _cfg().names.items():
        if any(key == n or (not exact and key.startswith(n + " ")) for n in names):
            return role
    return None


def _header(lines: list[str], i: int) -> tuple[list[str], list[str], int] | None:
    """The column roles and names of a header printed one name per line from `lines[i]` (or
    its first names as one " | " row) and the index after it. A wrapped name goes on in lower
    case ("Cơ quan" / "chủ trì") or with its note in parentheses, up to the longest wrap that
    is a known name, so the first lines of a row cut by the page break under a repeated header
    stay the row's."""
    first = lines[i].split(" | ")[0] if " | " in lines[i] else lines[i]
    if not first or len(first) > 12 or _role(first) != "number":
        return None  # a TT column's name is short: most lines are rejected before folding
    # A converter may print the header as one row and the rest one cell per line ("TT |
    # Nội dung | Cơ quan chủ trì | Cơ quan phối hợp" / "Thời gian thực hiện" / "1" / …).
    cells = [" ".join(c.split()) for c in lines[i].split(" | ")]
    roles = [_role(c) for c in cells]
    if any(r is None for r in roles[1:]) or "number" in roles[1:]:
        return None
    names, j = list(cells), i + 1
    while j < len(lines):
        k = j + 1
        while k < len(lines) and k < j + 3 and (lines[k][:1].islower() or lines[k][:1] == "("):
            k += 1
        wraps = [m for m in range(k, j, -1)
                 if _role(_NOTE.sub("", " ".join(lines[j:m])), exact=True)]
        stop = wraps[0] if wraps else j + 1
        if not wraps and k > j + 1 and k < len(lines) and _role(lines[k]) is not None:
            stop = k  # a wrapped name no list knows whole, inside the header ("Thuộc nhóm nhiệm" / "vụ, …")
        name = " ".join(" ".join(lines[j:stop]).split())
        role = _role(name)
        if role is None or role == "number":
            break
        roles.append(role)
        names.append(name)
        j = stop
    if len(roles) < 4 or "task" not in roles or "lead" not in roles:
        return None
    if len(cells) > 1 and j < len(lines) and " | " in lines[j]:
        return None  # a whole table of " | " rows: read as rows already
    return roles, names, j


def _continues(run: list[str], line: str) -> bool:
    """Whether `line` goes on the run: it opens in lower case or with punctuation, the run
    ends on a joining word, on a bare agency head ("Bộ" / "Tài chính") or on the first word
    of a province's name ("… tỉnh Hà" / "Tĩnh"), it is the capitalised tail of an agency's
    name, or a number follows "số", "ngày" …"""
    last = run[-1]
    if line[:1].islower() or (line[:1] and not line[0].isalnum()):
        return True
    if _ends_joining(last) or agencies.is_bare_head(" ".join(run)):
        return True
    words = last.split()
    if words and places.province(f"{words[-1]} {line.split()[0]}"):
        return True
    if _name_tail(run, line):
        return True
    return line[:1].isdigit() and bool(words) and words[-1].casefold() in _cfg().joining_number


def _name_tail(run: list[str], line: str) -> bool:
    """"Ngân hàng Nhà nước" / "Việt Nam": a line of capitalised words that starts no agency
    and no time goes on the agency's name before it."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return (bool(words) and all(w[0].isupper() for w in words) and not _is_agency(line)
            and not _cfg().time_cell.match(line) and _is_agency(" ".join(run)))


def _runs(lines: list[str]) -> list[str]:
    runs: list[list[str]] = []
    for line in lines:
        if runs and _continues(runs[-1], line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [" ".join(r).strip(" ;,") for r in runs]


def _is_agency(run: str) -> bool:
    return agencies.is_agency_heading(run) or agencies.agency_in_sentence(run) is not None


def _cells(lines: list[str], roles: list[str]) -> list[str]:
    """The cells of one row (its TT line excluded), one per role after "number"."""
    cols = roles[1:]
    cells = [""] * len(cols)
    runs = _runs(lines)
    if not runs:
        return cells

    def put(role: str, text: str) -> bool:
        for n, r in enumerate(cols):
            if r == role and not cells[n]:
                cells[n] = text
                return True
        return False

    rest = runs[1:]
    lead_at = next((n for n, r in enumerate(rest) if _is_agency(r)), 0 if rest else None)
    task = " ".join([runs[0], *rest[:lead_at or 0]])
    put("task", task)
    if lead_at is None:
        return cells
    put("lead", rest[lead_at])
    rest = rest[lead_at + 1:]
    if "deadline" in cols and rest and _cfg().time_cell.match(rest[-1]):
        put("deadline", rest.pop())
    partners: list[str] = []
    others: list[str] = []
    for run in rest:
        if "partners" in cols and not others and _is_agency(run):
            partners.append(run)
        else:
            others.append(run)
    if partners:
        put("partners", "; ".join(partners))
    for n, text in enumerate(others):
        if not put("other", text):
            # More runs than columns: the last filled column of the row's tail holds them.
            tail = " ".join(others[n:])
            at = max(k for k, r in enumerate(cols)
                     if r != "deadline" and (cells[k] or r == "partners"))
            cells[at] = f"{cells[at]}; {tail}" if cells[at] else tail
            break
    return cells


def _row(label: str, segments: list[list[str]], roles: list[str]) -> str:
    """A row from its segments (one per page it is printed on). A row cut right after the
    first line of each cell prints exactly one line per column before the break; the next
    page's lines then continue its cells: the task with the lines that open in lower case,
    the lead with one line where it ended on a joining word, the partners with the rest."""
    cols = roles[1:]
    first = segments[0]
    if len(segments) > 1 and any(segments[1:]) and len(first) == len(cols):
        cells = list(first)
    else:
        cells = _cells(first, roles)
    task, lead = cols.index("task"), cols.index("lead")
    for seg in segments[1:]:
        k = 0
        while k < len(seg) and (seg[k][:1].islower() or not seg[k][:1].isalnum()):
            cells[task] += " " + seg[k]
            k += 1
        if k < len(seg) and _ends_joining(cells[lead]):
            cells[lead] += " " + seg[k]
            k += 1
        rest = " ".join(seg[k:]).strip(" ;,")
        if rest and "partners" in cols:
            p = cols.index("partners")
            cells[p] = f"{cells[p]}; {rest}" if cells[p] else rest
    return " | ".join([label, *(" ".join(c.split()) for c in cells)])


def _ends_joining(text: str) -> bool:
    words = text.split()
    return bool(words) and (text[-1] in ",-–(/&" or words[-1].casefold() in _cfg().joining)


def rebuild(lines: list[str]) -> tuple[list[str], int]:
    """`lines` with every one-cell-per-line task table turned into " | " rows, and how many
    tables were rebuilt. Lines are as read (unwrapped lines would merge cells)."""
    out: list[str] = []
    tables = 0
    i = 0
    while i < len(lines):
        head = _header(lines, i)
        if head is None:
            out.append(lines[i])
            i += 1
            continue
        roles, names, j = head
        if j < len(lines) and " | " in lines[j] and len(names) > 1 and " | " not in lines[i]:
            # The header one name per line over rows already in " | " cells (a page whose
            # layout table held the header's cells as lines): the header as one row.
            tables += 1
            out.append(" | ".join(names))
            i = j
            continue
        rows, end = _table_rows(lines, j, roles)
        if not rows:
            out.append(lines[i])
            i += 1
            continue
        tables += 1
        out.append(" | ".join(names))
        out.extend(rows)
        i = end
    return out, tables


def _typical(lines: list[str], start: int, stop: int) -> float:
    """The median length of the cell lines before `stop` (a cell is narrower than a row)."""
    seen = sorted(len(ln.strip()) for ln in lines[max(0, start - 40):stop] if ln.strip())
    return seen[len(seen) // 2] if seen else 40.0


def _table_rows(lines: list[str], i: int, roles: list[str]) -> tuple[list[str], int]:
    """The rebuilt rows from `lines[i]` on, and the index where the table ends: at a line the
    data file names as an end (the next appendix), or before a row too long to be one."""
    cfg = _cfg()
    rows: list[str] = []
    label: str | None = None
    segments: list[list[str]] = []
    row_start = i
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        again = _header(lines, i)
        if again is not None and again[0] == roles:
            segments.append([])
            i = again[2]
            continue
        if cfg.end.match(line):
            break
        if label is not None and sum(map(len, segments)) >= cfg.max_row_lines:
            return rows, row_start
        spanning = _SPANNING.fullmatch(line)
        if not (spanning and spanning["text"][0].isupper()
                and len(line) > cfg.spanning_ratio * _typical(lines, row_start, i)):
            spanning = _INLINE.fullmatch(line)
        if spanning and spanning["text"][0].isupper():
            if label is not None:
                rows.append(_row(label, segments, roles))
            label, segments, row_start = spanning["label"], [[spanning["text"]]], i
        elif _LABEL.fullmatch(line):
            if label is not None:
                rows.append(_row(label, segments, roles))
            label, segments, row_start = line, [[]], i
        elif label is None:
            break
        else:
            segments[-1].append(line)
        i += 1
    if label is not None:
        rows.append(_row(label, segments, roles))
    return rows, i
