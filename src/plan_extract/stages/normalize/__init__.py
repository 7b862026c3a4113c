"""Normalize a document as read: characters, whitespace, portal chrome, scraper repeats.

Every removal is reported in `warnings` with the removed text, so a reader can check that
nothing of the document itself was dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from ... import config
from ...document import Document, Line, Span, Warning
from ...lexicon import agencies
from ...lexicon.doc_types import doc_type_word
from ...lexicon.running import BARE_NUMBER, is_gazette_header
from ...lexicon.textnorm import CLAUSE_END, clean_chars, is_upper, wrap_width
from ..registry import stage
from . import cell_tables

_WS = re.compile(r"[ ]+")
_LIST_MARKER = re.compile(r"^[a-zđ][)\.]\s")
# A dash then a word (not a link): with the word in lower case, the middle of a sentence a wrap cut.
_DASH_WORD = re.compile(r"^[-–]\s+(?!https?:|www\.)(?P<first>\w)")
_PAREN_MARKER = re.compile(r"^\((?:[a-zđ]|[ivx]{1,4}|\d{1,2})\)")
_LABEL_START = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,2}:")
_ITEM_START = re.compile(r"^(?:[IVXLC]+[.)]|\d{1,3}(?:\.\d{1,3})*[.)]?\s|[a-zđA-Z][)]|[-–+•*]\s|"
                         r"(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC)\s)")


@dataclass
class _Config:
    lines: set[str]
    patterns: list[re.Pattern[str]]
    link_headers: set[str]
    link_max_words: int
    stamp_first: re.Pattern[str]
    stamp_rest: list[re.Pattern[str]]
    dedup_min_lines: int
    dedup_min_chars: int
    prefix_min_chars: int
    truncation: list[re.Pattern[str]] = field(default_factory=list)


@cache
def _config() -> _Config:
    data = config.normalize()
    bp = data.boilerplate

    def key(s: str) -> str:
        return " ".join(clean_chars(s).split()).casefold()

    return _Config(
        lines={key(s) for s in bp.lines},
        patterns=[re.compile(p, re.IGNORECASE) for p in bp.patterns],
        link_headers={key(s) for s in bp.link_list_headers},
        link_max_words=bp.link_list_max_words,
        stamp_first=re.compile(data.signature_stamp.first),
        stamp_rest=[re.compile(p) for p in data.signature_stamp.rest],
        dedup_min_lines=data.dedup.min_lines,
        dedup_min_chars=data.dedup.min_chars,
        prefix_min_chars=data.dedup.prefix_min_chars,
        truncation=[re.compile(p) for p in data.truncation.patterns],
    )


@stage("normalize", requires={"text", "attributes"}, assigns={"text", "lines", "attributes"})
def normalize(doc: Document) -> Document:
    """Clean characters, drop chrome and repeats, unwrap hard-wrapped lines, index lines."""
    warnings: list[Warning] = []
    raw, paged = _drop_page_numbers(clean_chars(doc.text).split("\n"))
    if paged:
        warnings.append(_removal_warning("page-numbers-removed", "page numbers of a PDF's text", paged))
    lines = [_clean_line(s) for s in raw]
    steps: list[tuple[str, str, Callable[[list[str]], tuple[list[str], list[str]]]]] = [
        ("boilerplate-removed", "portal boilerplate lines", _drop_boilerplate),
        ("signature-stamp-removed", "e-signature stamp lines", _drop_signature_stamps),
        ("running-lines-removed", "gazette running headers and page numbers", _drop_gazette),
        ("cell-table-rebuilt", "", _rebuild_cell_tables),
        ("repeated-block-removed", "lines of a block the scrape repeats", _drop_repeated_runs),
        ("teaser-removed", "paragraphs repeated as the start of the next", _drop_prefix_copies),
    ]
    for code, what, step in steps:
        lines, removed = step(lines)
        if removed and not what:
            warnings.append(Warning(stage="normalize", code=code, message=removed[0]))
        elif removed:
            warnings.append(_removal_warning(code, what, removed))
    lines, glued = _split_glued_items(_unwrap(lines))
    if glued:
        shown = "; ".join(repr(g) for g in glued[:5])
        warnings.append(Warning(stage="normalize", code="glued-item-split",
                                message=f"{len(glued)} item(s) glued to the line before now open "
                                        f"a line: {shown}"))
    text, index = _index(lines)
    for ln in index:
        if any(p.search(ln.text) for p in _config().truncation):
            warnings.append(Warning(stage="normalize", code="truncated",
                                    message=f"the copy is cut off here: {ln.text[:80]!r}",
                                    span=Span(start=ln.start, end=ln.end)))
    attributes = {k: clean_chars(v) for k, v in doc.attributes.items()}
    return doc.updated(warnings, text=text, lines=index, attributes=attributes)


def _clean_line(line: str) -> str:
    line = _WS.sub(" ", line).strip()
    return _strip_trailing_pipes(line).strip()


def _strip_trailing_pipes(line: str) -> str:
    r"""The line without the ' | ' of trailing empty cells, in linear time: the pattern
    `(\s*\|\s*)+$` it replaces backtracks exponentially on a row of empty cells followed by
    text (22 cells: 6.8 s; whitespace between two pipes can end one repetition or start the
    next; issue 14)."""
    stop = len(line)
    while stop and (line[stop - 1] == "|" or line[stop - 1].isspace()):
        stop -= 1
    return line[:stop] if "|" in line[stop:] else line


def _removal_warning(code: str, what: str, removed: list[str]) -> Warning:
    shown = "; ".join(repr(s[:60]) for s in removed[:5])
    more = f" and {len(removed) - 5} more" if len(removed) > 5 else ""
    return Warning(stage="normalize", code=code,
                   message=f"removed {len(removed)} {what}: {shown}{more}", removed=removed)


def _key(line: str) -> str:
    return line.casefold()


def _is_boilerplate(line: str) -> bool:
    cfg = _config()
    return _key(line) in cfg.lines or any(p.fullmatch(line) for p in cfg.patterns)


def _drop_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    cfg = _config()
    kept: list[str] = []
    removed: list[str] = []
    in_links = False
    for line in lines:
        if not line:
            kept.append(line)
            continue
        if _is_boilerplate(line):
            removed.append(line)
            in_links = _key(line) in cfg.link_headers
            continue
        if in_links and len(line.split()) <= cfg.link_max_words and line[-1] not in CLAUSE_END:
            removed.append(line)
            continue
        in_links = False
        kept.append(line)
    return kept, removed


def _drop_signature_stamps(lines: list[str]) -> tuple[list[str], list[str]]:
    cfg = _config()
    kept: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(lines):
        if cfg.stamp_first.fullmatch(lines[i]):
            j = i + 1
            while j < len(lines) and any(p.fullmatch(lines[j]) for p in cfg.stamp_rest):
                j += 1
            if j - i >= 3:
                removed.extend(lines[i:j])
                i = j
                continue
        kept.append(lines[i])
        i += 1
    return kept, removed


def _drop_gazette(lines: list[str]) -> tuple[list[str], list[str]]:
    """Official Gazette text keeps its page headers, each with its page number (and the
    gazette's item number) as bare numbers beside it; a bare number elsewhere is the
    document's own (a table's TT cell) and stays. The blank lines of the page break go with
    the header, so a sentence cut by the break is joined again."""
    heads = [i for i, line in enumerate(lines) if is_gazette_header(line)]
    if not heads:
        return lines, []
    drop = set(heads)
    blank: set[int] = set()
    for h in heads:
        for step in (-1, 1):
            i, seen = h + step, 0
            while 0 <= i < len(lines):
                if not lines[i]:
                    blank.add(i)
                elif BARE_NUMBER.match(lines[i]) and seen < 2:
                    drop.add(i)
                    seen += 1
                else:
                    break
                i += step
    return ([ln for i, ln in enumerate(lines) if i not in drop and i not in blank],
            [lines[i] for i in sorted(drop)])


def _drop_page_numbers(raw: list[str]) -> tuple[list[str], list[str]]:
    """Page numbers a PDF's text extraction left in the text (data/stages/normalize.toml
    [page_numbers]), read from the lines as extracted, indentation kept: a run of bare
    numbers set in from the margin (centred on the page), one up from the one before, pages
    apart; or a bare number that cuts a sentence. A table's TT cells (1, 2, 3 at the margin, a
    row apart) stay."""
    cfg = config.normalize().page_numbers
    lines = [ln.strip() for ln in raw]
    numbers = [(i, int(line)) for i, line in enumerate(lines) if BARE_NUMBER.match(line)]
    drop: set[int] = set()
    runs: dict[int, list[int]] = {}  # the run a number would go on: keyed by the value due next
    for i, value in numbers:
        if len(raw[i]) - len(raw[i].lstrip()) < cfg.min_indent:
            continue
        run = runs.pop(value, None)
        if run is not None and i - run[-1] >= cfg.min_gap:
            run.append(i)
        else:
            run = [i]
        runs[value + 1] = run
        if len(run) >= cfg.min_run:
            drop.update(run)
    for i, _ in numbers:
        before = next((ln for ln in reversed(lines[max(0, i - 3):i]) if ln), "")
        after = next((ln for ln in lines[i + 1:i + 4] if ln), "")
        if before and before[-1:] not in CLAUSE_END and after[:1].islower():
            drop.add(i)
    return [ln for i, ln in enumerate(raw) if i not in drop], [lines[i] for i in sorted(drop)]


def _rebuild_cell_tables(lines: list[str]) -> tuple[list[str], list[str]]:
    """Tables printed one cell per line become " | " rows (stages/cell_tables.py)."""
    rebuilt, tables = cell_tables.rebuild(lines)
    if not tables:
        return lines, []
    return rebuilt, [f"rebuilt {tables} table(s) printed one cell per line into rows"]


def _drop_repeated_runs(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop a later run of lines that repeats an earlier run verbatim (blank lines ignored).

    At each line the longest earlier run that repeats from it (ending before it) is found; it
    is dropped when it holds at least `min_lines` lines and `min_chars` characters. Only an
    earlier start whose first `need` lines (the fewest that reach both minimums) equal this
    line's can give such a run, so candidates are looked up by a hash of those lines, not
    compared one by one: the same 3-line block repeated 20,000 times with a line between
    (each repeat too short to drop) compared every repeat with every earlier one, quadratic
    (4,000 repeats: 29 s; issue 14). A start kept in a group is within `need` lines of the
    group's earlier ones (else it would have been dropped), so each group stays small."""
    cfg = _config()
    content = [i for i, line in enumerate(lines) if line]
    texts = [lines[i] for i in content]
    need = _run_lengths(texts, cfg.dedup_min_lines, cfg.dedup_min_chars)
    window = _window_hashes(texts)
    groups: dict[int, list[int]] = {}
    drop: set[int] = set()
    k = 0
    while k < len(texts):
        best = 0
        least = need[k]
        key = window(k, least) if least else 0
        if least:
            for j in groups.get(key, ()):
                limit = min(k - j, len(texts) - k)
                if limit < least:
                    continue
                n = 0
                while n < limit and texts[j + n] == texts[k + n]:
                    n += 1
                best = max(best, n)
        if least and best >= least:
            drop.update(content[k:k + best])
            k += best
            continue
        if least:
            groups.setdefault(key, []).append(k)
        k += 1
    return ([ln for i, ln in enumerate(lines) if i not in drop],
            [lines[i] for i in sorted(drop)])


def _run_lengths(texts: list[str], min_lines: int, min_chars: int) -> list[int]:
    """For each start, the fewest lines from it holding `min_lines` lines and `min_chars`
    characters (0 where the rest of the text holds fewer)."""
    out = [0] * len(texts)
    end, chars = 0, 0  # texts[start:end] holds `chars` characters
    for start in range(len(texts)):
        while end < len(texts) and (end - start < min_lines or chars < min_chars):
            chars += len(texts[end])
            end += 1
        if end - start >= min_lines and chars >= min_chars:
            out[start] = end - start
        chars -= len(texts[start])
    return out


def _window_hashes(texts: list[str]) -> Callable[[int, int], int]:
    """hash(start, n): a polynomial hash of texts[start:start + n] in constant time (equal
    runs hash equal; a rare collision only adds a candidate the comparison rejects)."""
    mod, base = (1 << 61) - 1, 1_000_003
    ids: dict[str, int] = {}
    prefix = [0]
    for t in texts:
        prefix.append((prefix[-1] * base + ids.setdefault(t, len(ids) + 1)) % mod)
    powers = [1]
    for _ in texts:
        powers.append(powers[-1] * base % mod)
    return lambda start, n: (prefix[start + n] - prefix[start] * powers[n]) % mod


def _drop_prefix_copies(lines: list[str]) -> tuple[list[str], list[str]]:
    cfg = _config()
    content = [i for i, line in enumerate(lines) if line]
    drop = set()
    for a, b in zip(content, content[1:], strict=False):
        first, second = lines[a], lines[b]
        if (len(first) >= cfg.prefix_min_chars and len(second) > len(first)
                and second.startswith(first)):
            drop.add(a)
    return ([ln for i, ln in enumerate(lines) if i not in drop], [lines[i] for i in sorted(drop)])


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (PDF and gazette text): a line that does not end a sentence
    and is followed directly by one starting in lower case continues into it. In a text
    wrapped at a fixed width, a full-width line also continues into a line that opens with
    a capitalised word ("… người Việt / Nam ở nước ngoài …", a name cut by the wrap), and a
    clause ending in ";" goes on into a line that opens in lower case ("… trước khi ban hành;"
    / "hoàn thành trước ngày …"): a new item would open with its marker or a capital. A dash
    of the sentence the wrap put first ("… tổ chức chính trị" / "- xã hội tại địa phương …")
    is no list item: an item opens in capitals, or after a line that ends a clause."""
    out: list[str] = []
    prev_blank = True
    width = wrap_width(lines)
    for line in lines:
        if not line:
            prev_blank = True
            continue
        ends = out[-1][-1] if out else ""
        goes_on = out and not _type_title(out[-1]) and (
            line[0].islower() or _continues_name(out[-1], line, width)
            or _wrapped_dash(line) or _opens_in_parenthesis(line))
        # A table row of three cells or more is no wrap of the row before.
        wrapped = (out and not prev_blank and not _LIST_MARKER.match(line) and line.count(" | ") < 2
                   and ((ends not in CLAUSE_END and goes_on)
                        or (ends == ";" and line[0].islower() and width is not None)))
        if wrapped or (prev_blank and out and _cut_by_blank(out[-1], line)):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev_blank = False
    return out


def _type_title(line: str) -> bool:
    """A title's type line in capitals ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾ HOẠCH"): its subtitle
    under it in sentence case ("thực hiện Kết luận số 75-KL/TW …") opens a line of its own."""
    return is_upper(line) and len(line.split()) <= 4 and doc_type_word(line) is not None


def _cut_by_blank(prev: str, line: str) -> bool:
    """Whether a blank line cut a sentence: `prev` is long and ends on a word no sentence ends
    with ("… Chỉ thị số 36-CT/TW ngày") or on an agency's bare head ("… của Ban" / "Thường vụ
    Tỉnh ủy …"), and `line` opens no item."""
    cfg = config.normalize().blank_break
    last = prev.rsplit(" ", 1)[-1]
    return (len(prev) >= cfg.min_chars
            and (last.casefold() in _open_endings() or agencies.is_bare_head(last))
            and not _ITEM_START.match(line) and not _LIST_MARKER.match(line))


@cache
def _open_endings() -> frozenset[str]:
    return frozenset(config.normalize().blank_break.open_endings)


# An item number at a line's start ("3. Tổ chức …"), and one glued after a sentence's end.
_ITEM_NUMBER = re.compile(r"^(\d{1,2})\.\s")
_GLUED_ITEM = re.compile(r"(?<=[.;!?])\s*(?P<n>\d{1,2})\.\s+(?=[A-ZĐÀ-Ỹ])")
_GLUED_MIN_CHARS = 20


def _split_glued_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """A copy that lost a line break glues the next numbered item onto the end of the item
    before it ("… theo Đề án được duyệt.4. Tổ chức các hoạt động …"): where the number glued
    after a sentence's end is the one after the last item number that opened a line, the
    item opens a line of its own. Any other number stays (a "số 12." in a sentence)."""
    out: list[str] = []
    split: list[str] = []
    last: int | None = None
    for line in lines:
        while True:
            if m := _ITEM_NUMBER.match(line):
                last = int(m.group(1))
            glued = next((g for g in _GLUED_ITEM.finditer(line)
                          if last is not None and int(g["n"]) == last + 1
                          and g.start() >= _GLUED_MIN_CHARS), None)
            if glued is None:
                out.append(line)
                break
            out.append(line[:glued.start()].rstrip())
            split.append(line[glued.start("n"):glued.start("n") + 40])
            line = line[glued.start("n"):]
    return out, split


def _opens_in_parenthesis(line: str) -> bool:
    """ "(voucher) từ các quỹ …" after a line that ends no clause: the sentence goes on; an
    item marker in parentheses ("(a)", "(iv)", "(2)") opens an item."""
    return line.startswith("(") and len(line) > 1 and line[1].islower() and not _PAREN_MARKER.match(line)


def _wrapped_dash(line: str) -> bool:
    m = _DASH_WORD.match(line)
    return bool(m) and m["first"].islower()


def _continues_name(prev: str, line: str, width: int | None) -> bool:
    """A sentence cut by a fixed-width wrap before a capitalised word: a full-width line
    that ends no clause, and a next line that opens no item, heading or label ("Cụ thể:")
    ("… người Việt" / "Nam ở nước ngoài …", "… sự đồng" / "Nhân dân về …", "… Văn bản số" /
    "3374/BKHCN-CNCNTT ngày …")."""
    return (width is not None and len(prev) >= 0.85 * width and not is_upper(prev)
            and len(line.split()) > 1 and (line[:1].isupper() or line[:1].isdigit()) and not is_upper(line)
            and not _LABEL_START.match(line) and not _ITEM_START.match(line)
            and not _PREAMBLE_START.match(line))


# A preamble's clause opens its own paragraph ("… năm 2017" (a title) / "Thực hiện hướng dẫn
# của Bộ …"): a wrap cutting a sentence before these words would leave them in lower case.
_PREAMBLE_START = re.compile(r"^(?:Căn cứ|Thực hiện|Xét đề nghị|Theo đề nghị|Xét|Để)\s")


def _index(lines: list[str]) -> tuple[str, list[Line]]:
    index: list[Line] = []
    pos = 0
    for line in lines:
        index.append(Line(pos, pos + len(line), line))
        pos += len(line) + 1
    return "\n".join(lines), index
