"""Optional OCR of scanned PDFs (no text layer) with the system `tesseract` and its Vietnamese data.

Nothing is downloaded at run time: pages are rendered with pypdfium2 (already installed with
pdfplumber) and read by the `tesseract` binary from Debian's tesseract-ocr and tesseract-ocr-vie
packages. When either is missing, `available()` says why and callers keep the "no text layer"
error. Set PLAN_EXTRACT_NO_OCR=1 to switch OCR off (the tests use it for the no-OCR path).

With PLAN_EXTRACT_OCR_ENGINE=combined and the optional `asterocr` package installed (extra
"ocr"), each line run tesseract found is read again by asterocr's ONNX line recogniser and the
more confident reading kept, per run (data/readers/ocr_engine.toml, measured by
benchmarks/ocr_engines.py). It lowers the word error rate (0.076 -> 0.062 laid out) but, end
to end on corpus/incoming, loses activities (asterocr misreads numbering marks: "II-" as
"1Ỉ-") at about four times the OCR time, so tesseract alone is the default.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from PIL import Image

from ... import config
from ...errors import OcrError
from ...lexicon import doc_types
from ...lexicon.numerals import from_roman, to_roman
from ...lexicon.textnorm import is_upper, strip_diacritics
from .tones import restore_tones

DISABLE_ENV = "PLAN_EXTRACT_NO_OCR"
ENGINE_ENV = "PLAN_EXTRACT_OCR_ENGINE"
ENGINES = ("combined", "tesseract")
"""Values of $PLAN_EXTRACT_OCR_ENGINE: "tesseract" (the default) or "combined" (tesseract alone
when asterocr is not installed)."""
INSTALL_HINT = "install it with: apt-get install tesseract-ocr tesseract-ocr-vie"
PAGE_TIMEOUT = 120.0
"""Seconds per page; an A4 page at 300 dpi took 4-7 s on a 2-core machine (tesseract 5.3)."""
on_page: Callable[[], None] | None = None
"""Set in a worker process by the pipeline: told each page as its OCR is started, so the
document's time limit grows by `--timeout-per-ocr-page` per page (a long scan is not stopped
by the per-document limit, a hung page still is)."""
PSM = 4
"""Tesseract page segmentation "one column of text of variable sizes", picked over 3 and 6 on
page 1 of tests/fixtures/scanned/nb_qd_963_scan.pdf and on renders of the corpus-extra PDFs
(nb_qd_963 p2, nb_qd_808 p1-2, hn_tb_453). psm 3 (automatic) read the same lines as 4, rows
of the two-column header and of the "Nơi nhận | signer" block on one line, as the text-layer
reader gives them to the header stage, but 10-20 % slower; psm 6 (one uniform block) dropped rows
of the land-use table in nb_qd_808 and read the red seals as lines of junk (confidence 85
against 92 on nb_qd_963 p2 and hn_tb_453)."""


Box = tuple[str, float, float, float, float]
"""A word and its box in PDF points from the page's top left: (text, x0, top, x1, bottom)."""


class OcrPage(BaseModel):
    """One page's OCR text, a line per line tesseract found, with its mean word confidence."""

    page: int = Field(ge=1, description="1-based page number in the PDF")
    text: str
    confidence: float = Field(ge=0, le=100, description="mean tesseract word confidence, 0-100")
    words: int = Field(ge=0)
    #: tesseract's lines, each its words with their boxes (`Box`)
    boxes: list[list[Box]] = Field(default_factory=list)
    engine: str = Field("tesseract", description='"tesseract" or "tesseract+asterocr"')


def available(lang: str = "vie") -> str | None:
    """None when OCR can run in `lang`, else why not (shown to users in the scanned-PDF error)."""
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return f"OCR disabled by {DISABLE_ENV}"
    return _probe(lang)


@functools.cache
def _probe(lang: str) -> str | None:
    """Ask tesseract once per process which languages it has; the answer does not change."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract not installed"
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract does not run: {exc}"
    # The first line is 'List of available languages in "...":', then one code per line.
    langs = {line.strip() for line in done.stdout.splitlines()[1:]}
    missing = [code for code in lang.split("+") if code not in langs]
    if missing:
        return f"tesseract has no {missing[0]!r} language data"
    return None


def ocr_pdf(data: bytes, pages: list[int] | None = None, dpi: int = 300, lang: str = "vie",
            psm: int = PSM, engine: str | None = None) -> list[OcrPage]:
    """OCR the PDF's pages (0-based indexes, all when None) in order; raise OcrError on failure.

    Signature widgets are drawn too, so a printed-and-signed decision's number and date, which
    e-signing software stamps in a widget, are read as on paper. Pages are read by one
    single-threaded tesseract per CPU while the next pages render, and each page's result is
    cached (`cache_dir()`), so a rerun over a batch of scans does not OCR them again. `engine`
    is one of ENGINES (None: $PLAN_EXTRACT_OCR_ENGINE, default "tesseract"); "combined" re-reads
    tesseract's line runs with asterocr where it is installed (`second_reader()`).
    """
    import pypdfium2

    reason = available(lang)
    if reason is not None:
        raise OcrError(reason)
    reader = second_reader(engine)
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise OcrError(f"cannot open PDF: {exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    try:
        indexes = list(range(len(pdf))) if pages is None else pages
        bad = [i for i in indexes if not 0 <= i < len(pdf)]
        if bad:
            raise OcrError(f"page index {bad[0]} out of range: the PDF has {len(pdf)} pages")
        pdf.init_forms()
        tsvs: dict[int, str | Future[str]] = {}
        with (tempfile.TemporaryDirectory(prefix="plan-extract-ocr-") as tmp,
              ThreadPoolExecutor(max_workers=max(1, min(len(indexes), os.cpu_count() or 1))) as pool):
            for index in indexes:
                key = f"{digest}-{index}-{dpi}-{psm}-{lang}-{_probe_version()}"
                # The combined reading has a key of its own; tesseract's TSV keeps its key,
                # so switching engines does not run tesseract again.
                final = key if reader is None else f"{key}-{reader.tag}"
                if (cached := _cache_get(final)) is not None:
                    tsvs[index] = cached
                    continue
                png = Path(tmp) / f"page-{index + 1}.png"
                page = pdf[index]
                try:
                    bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
                    bitmap.to_pil().save(png, dpi=(dpi, dpi))
                finally:
                    page.close()
                if on_page is not None:
                    on_page()
                tsvs[index] = pool.submit(_read_and_cache, png, lang, psm, key, reader, final)
            label = "tesseract" if reader is None else COMBINED_LABEL
            return [_page_from_tsv(index + 1, tsv if isinstance(tsv, str) else tsv.result(), 72 / dpi,
                                   engine=label)
                    for index, tsv in tsvs.items()]
    finally:
        pdf.close()


def _read_and_cache(png: Path, lang: str, psm: int, key: str, reader: AsterReader | None = None,
                    final: str | None = None) -> str:
    """tesseract's TSV of the page (from the cache when only the combined reading is new),
    then, with a second reader, the combined reading as TSV; each cached under its key."""
    try:
        tsv = _cache_get(key) if reader is not None else None
        if tsv is None:
            tsv = _run_tesseract(png, lang, psm)
            _cache_put(key, tsv)
        if reader is not None and final is not None:
            from PIL import Image

            with Image.open(png) as img:
                gray = img.convert("L")
            lines = combine(reader.read_runs(gray, tsv_lines(tsv)), config.ocr_engine().choice)
            tsv = lines_to_tsv(lines)
            _cache_put(final, tsv)
        return tsv
    finally:
        png.unlink(missing_ok=True)


CACHE_ENV = "PLAN_EXTRACT_OCR_CACHE"


def cache_dir() -> Path | None:
    """Where OCR results are kept: $PLAN_EXTRACT_OCR_CACHE, else ~/.cache/plan-extract/ocr
    ($XDG_CACHE_HOME honoured); "off" keeps none. A result is keyed by the PDF's bytes, the
    page, DPI, page segmentation mode, language and tesseract version."""
    value = os.environ.get(CACHE_ENV, "")
    if value.lower() in ("off", "0", "none"):
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "plan-extract" / "ocr"


def _cache_get(key: str) -> str | None:
    root = cache_dir()
    if root is None:
        return None
    try:
        return gzip.decompress((root / f"{key}.tsv.gz").read_bytes()).decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError):
        return None


def _cache_put(key: str, tsv: str) -> None:
    """Written to a temporary name and renamed, so a parallel run never reads half a file;
    a cache that cannot be written is skipped (the result is still returned)."""
    root = cache_dir()
    if root is None:
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
        part = root / f"{key}.{os.getpid()}.{threading.get_ident()}.part"
        part.write_bytes(gzip.compress(tsv.encode("utf-8")))
        part.replace(root / f"{key}.tsv.gz")
    except OSError:
        pass


@functools.cache
def _probe_version() -> str:
    """tesseract's version (its first output line), part of the cache key."""
    try:
        done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    first = (done.stdout or done.stderr).splitlines()[:1]
    return re.sub(r"\W+", "_", first[0]).strip("_") if first else "unknown"


@functools.cache
def _fixes() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(k), v) for k, v in config.ocr_fixes().fixes.items()]


def fix_header_words(line: str) -> str:
    """Known misreadings of the fixed header words ("TÍNH" for "TỈNH", data/ocr_fixes.toml),
    look-alike glyphs ("⁄" for "/"), header capitals and running words with misread tone
    marks; only for OCRed text, where they are misreadings and not names."""
    for glyph, meant in config.ocr_fixes().glyphs.items():
        line = line.replace(glyph, meant)
    for rx, repl in _fixes():
        line = rx.sub(repl, line)
    return restore_tones(restore_capitals(drop_specks(line)))


# A line-start token OCR makes of a Roman numeral: "IL" / "ILMỤC TIÊU" for "II. MỤC TIÊU",
# "IH." for "III.", "1V." for "IV.": the numeral's letters with I read as l, 1, | or H (two
# I's), or its dot as L; a token glued to the word after it only when it ends in that L.
_MISREAD_ROMAN = re.compile(r"^(?P<tok>[IVXHLl1|]{1,5})(?P<sep>\.\s*|\s+)?(?P<rest>\S.*)$")


_AS_I = str.maketrans({"l": "I", "1": "I", "|": "I", "L": "I"})


def restore_roman_markers(texts: list[str]) -> dict[int, str]:
    """The Roman numerals of part headings OCR misread ("ILMỤC TIÊU", "IH. NỘI DUNG"), put
    back in sequence: a capitals line that opens with a token of numeral look-alikes gets the
    numeral the token reads as (H for II, l/1/|/L for I) where that is due (one or two after
    the last one read), else the next one where the token is about its length; a numeral
    read twice in a row is the next one ("II." for "III."). Returns the changed lines by index."""
    changed: dict[int, str] = {}
    last, last_text = 0, ""
    for i, text in enumerate(texts):
        m = _MISREAD_ROMAN.match(text)
        if not m or not is_upper(m["rest"]) or len(m["rest"].split()) < 2:
            continue
        tok = m["tok"]
        if re.fullmatch(r"[IVX]+", tok):
            if m["sep"] and to_roman(from_roman(tok)) == tok:
                # The numeral just read, read again over another heading ("II. MỤC TIÊU", "II.
                # CÁC NHIỆM VỤ"), is the next one with an I lost: a numbering never repeats,
                # a restart goes back to I (the same line again is a running header).
                if (from_roman(tok) == last and m["rest"] != last_text
                        and len(to_roman(last + 1)) - len(tok) == 1):
                    changed[i] = f"{to_roman(last + 1)}. {m['rest']}"
                    last += 1
                else:
                    last = from_roman(tok)
                last_text = m["rest"]
            continue
        glued_ok = m["sep"] is not None or tok.endswith("L")
        if not glued_ok or not set(tok) & set("IHl1|"):
            continue
        read = tok.replace("H", "II").translate(_AS_I)
        value = from_roman(read) if to_roman(from_roman(read)) == read else 0
        if not last < value <= last + 2:  # the token as read is no numeral due: the next one
            value = last + 1 if abs(len(tok) - len(to_roman(last + 1))) <= 1 else 0
        if value:
            changed[i] = f"{to_roman(value)}. {m['rest']}"
            last = value
    return changed


_LETTER_ITEM = re.compile(r"^(?P<tok>[^\s()]{1,2})\)\s*(?P<rest>\S.*)$")
_NUMBER_ITEM = re.compile(r"^(?P<n>\d{1,2})(?P<sep>[.,])\s+(?P<rest>\S.*)$")
_ROMAN_ITEM = re.compile(r"^[IVX]+\.\s+\S")


def restore_item_markers(texts: list[str]) -> dict[int, str]:
    """Item markers OCR misread, put back in sequence (data/readers/ocr_fixes.toml
    [markers]): inside a run of lettered items, a marker that is a look-alike of the letter
    due ("8)" after "e)" is "g)", "D)" after "a)" is "b)"); a number's dot read as a comma
    where that number is due ("3, Nhóm …" after "2."). A Roman heading or a number starts
    the letters again. Returns the changed lines by index."""
    cfg = config.ocr_fixes().markers
    order = {letter: i for i, letter in enumerate(cfg.letters)}
    changed: dict[int, str] = {}
    number, letter = 0, -1
    for i, text in enumerate(texts):
        if _ROMAN_ITEM.match(text):
            number, letter = 0, -1
            continue
        m = _NUMBER_ITEM.match(text)
        if m:
            n = int(m["n"])
            if m["sep"] == "," and n == number + 1 and m["rest"][:1].isupper():
                changed[i] = f"{n}. {m['rest']}"
            if m["sep"] == "." or i in changed:
                number, letter = n, -1
            continue
        m = _LETTER_ITEM.match(text)
        if not m:
            continue
        tok = m["tok"]
        due = cfg.letters[letter + 1] if 0 <= letter < len(cfg.letters) - 1 else None
        if due is not None and tok != due and tok in cfg.look_alike.get(due, []):
            changed[i] = f"{due}) {m['rest']}"
            letter += 1
        elif tok in order:
            letter = order[tok]
    return changed


def is_speck(text: str) -> bool:
    """A one-character token OCR reads from a speck, a seal's edge or a rule ("ị", "'", "_"):
    no word, number or item marker is one lowercase letter or one mark."""
    t = text.strip()
    return len(t) <= 1 and not (t.isupper() or t.isdigit() or t in ("-", "+", "–", "—", "•", "*"))


_WORD2 = re.compile(r"[^\W\d_]{2}")


def header_specks(texts: list[str]) -> list[int]:
    """The lines of a first page's header, above its title ("KẾ HOẠCH"), that hold no word of
    two letters ("%C A", "| 32", "Ø"): a seal's or a signature's marks, read as text."""
    out: list[int] = []
    for i, text in enumerate(texts):
        if is_upper(text) and doc_types.doc_type_word(text):
            return out
        if not _WORD2.search(text):
            out.append(i)
    return []  # no title found: nothing is known to be the header


_BULLETS = ("-", "+", "–", "—", "•")
# A capital vowel with a tone mark alone ("Ì - Tổ chức"): no word, numeral or item marker.
_TONED_CAPITAL = re.compile(r"[ÀÁẢÃẠÈÉẺẼẸÌÍỈĨỊÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴ]")


def _margin_speck(word: str) -> bool:
    """A speck that may stand before a bullet: not a plain letter ("a - b" is a formula)."""
    if _TONED_CAPITAL.fullmatch(word):
        return True
    if word in _BULLETS or (word.isascii() and word.isalpha()):
        return False
    return is_speck(word)


_MARKS = re.compile(r"[.,:;=_~`^ˆ¬«»|¦\\/•+\-–—]+")
"""A token of marks OCR makes of a bullet with specks around it ("--«", ":.-", "__+", ".-"),
or of specks alone ("¬", "ˆ", "`", "=")."""
_BARS = frozenset("lIi|!")
"""Letters a rule or a page's edge reads as, before a bullet ("| l - Cơ quan …")."""


def _opening_marks(words: list[str]) -> tuple[int, str] | None:
    """How many opening tokens are marks and specks before the line's first word, and the
    bullet they hold ("+" or "-", or "" for none); None when the line opens otherwise."""
    lead = 0
    while lead < len(words) - 1 and (_margin_speck(words[lead]) or _MARKS.fullmatch(words[lead])
                                     or (words[lead] in _BARS and _MARKS.fullmatch(words[lead + 1]))):
        lead += 1
    marks = "".join(words[:lead])
    if not lead or (lead == 1 and marks in _BULLETS) or not any(c.isalnum() for c in words[lead]):
        return None
    bullet = "+" if "+" in marks else "-" if set(marks) & set("-–—¬~") else "•" if "•" in marks else ""
    return lead, bullet


def drop_specks(line: str) -> str:
    """A line in capitals loses the one-character tokens OCR reads from specks, seals and
    rules at its ends ("TỈNH HÀ TĨNH ị", "KẾ HOẠCH .", "_ ỦY BAN"): never a word there. Any
    line loses the specks and marks a page's margin or binding leaves before its first word,
    keeping the bullet among them ("ị - Tuyên truyền …", "Ì - Tổ chức …", "-_ Tiếp tục …",
    "--« Thời gian …", ":.- = Thời gian …", ". Căn cứ …"), which would join the item to the
    line above or hide its bullet."""
    words = line.split()
    opening = _opening_marks(words)
    if opening is not None:
        lead, bullet = opening
        return " ".join([bullet, *words[lead:]] if bullet else words[lead:])
    if not is_upper(line) or len(words) < 2:
        return line
    while len(words) > 1 and is_speck(words[-1]):
        words.pop()
    while len(words) > 1 and is_speck(words[0]):
        words.pop(0)
    return " ".join(words)


_EDGE = "\"'“”‘’.,;:()[]"


def _bare(word: str) -> str:
    return strip_diacritics(word.strip(_EDGE)).upper()


def _shape(word: str) -> str:
    """A word's case as a phrase key compares it: all capitals, capitalised, lower, no letters."""
    letters = [c for c in word.strip(_EDGE) if c.isalpha()]
    if not letters:
        return "-"
    if all(c.isupper() for c in letters):
        return "U"
    return "T" if letters[0].isupper() else "l"


def _key(words: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((_bare(w), _shape(w)) for w in words)


@functools.cache
def _phrases() -> tuple[int, dict[tuple[tuple[str, str], ...], list[str]]]:
    """Stock phrases by their letters without diacritics and their case: the header phrases in
    capitals (each unit with each province's name, the type words), and agency names in
    sentence case (each department after each head); a key two phrases share is dropped (it
    cannot be restored)."""
    caps = config.ocr_fixes().capitals
    capitals = set(caps.phrases)
    capitals |= {f"{unit} {p.name.upper()}" for p in config.admin_units().provinces
                 for unit in caps.units}
    capitals |= {name.upper() for name in doc_types.names()}
    names = set(caps.names) | {f"{head} {d}" for head in caps.name_heads
                               for d in config.agencies().departments}
    table: dict[tuple[tuple[str, str], ...], list[str]] = {}
    clashes: set[tuple[tuple[str, str], ...]] = set()
    for phrases, least in ((capitals, caps.min_words), (names, caps.names_min_words)):
        for phrase in phrases:
            words = phrase.split()
            if len(words) < least:
                continue
            key = _key(words)
            if key in table and table[key] != words:
                clashes.add(key)
            table[key] = words
    for key in clashes:
        del table[key]
    return max((len(k) for k in table), default=0), table


def restore_capitals(line: str) -> str:
    """A run of words that spells a stock phrase without its diacritics, cased as it is
    ("THÀNH PHÓ HÒ CHÍ MINH", "ỦY BAN NHÂN DẦN", "Ủy ban nhân đân"), is put back as printed,
    keeping the punctuation around each word."""
    longest, table = _phrases()
    least = min(config.ocr_fixes().capitals.min_words, config.ocr_fixes().capitals.names_min_words)
    words = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), least - 1, -1):
            run = words[i:i + n]
            if not all(w.strip(_EDGE) for w in run):
                continue
            phrase = table.get(_key(run))
            if phrase is not None:
                for word, meant in zip(run, phrase, strict=True):
                    core = word.strip(_EDGE)
                    lead = word[:len(word) - len(word.lstrip(_EDGE))]
                    out.append(lead + meant.strip(_EDGE) + word[len(lead) + len(core):])
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def drop_stamp(boxes: list[list[Box]]) -> tuple[list[list[Box]], list[str]]:
    """The page's lines without the words of an e-signature stamp printed in its left margin
    (data `stamp`: its labels start one under another, left of where the text's lines start),
    and the stamp's lines as read. A stamp printed over the text is left as read."""
    cfg = config.ocr_fixes().stamp
    rows = [sorted(line, key=lambda w: w[1]) for line in boxes if line]
    heights = sorted(w[4] - w[2] for row in rows for w in row)
    if not heights:
        return boxes, []
    size = heights[len(heights) // 2]
    labels = [re.compile(p) for p in cfg.labels]
    # A label opens its row, or follows a misread word of the stamp ("00211 15:09:46").
    anchors = [row[0] for row in rows
               if any(p.match(" ".join(w[0] for w in row[k:k + 3])) for p in labels for k in (0, 1))]
    if len(anchors) < cfg.min_labels:
        return boxes, []
    x0 = min(w[1] for w in anchors)
    aligned = [w for w in anchors if w[1] - x0 <= cfg.align * size]
    top = min(w[2] for w in aligned) - size / 2
    bottom = max(w[4] for w in aligned) + cfg.below * size
    if len(aligned) < cfg.min_labels or bottom - top > cfg.span * size:
        return boxes, []
    # Where the text's lines start: the left edge of most lines outside the stamp's rows.
    starts = sorted(row[0][1] for row in rows if len(row) >= 3 and not top <= row[0][2] <= bottom)
    column = starts[len(starts) // 10] if starts else None
    if column is None or column - x0 < 2 * size:
        return boxes, []
    kept: list[list[Box]] = []
    removed: list[str] = []
    for row in rows:
        stamp = [w for w in row if top <= w[2] <= bottom and w[3] < column]
        if stamp:
            removed.append(" ".join(w[0] for w in stamp))
        if rest := [w for w in row if w not in stamp]:
            kept.append(rest)
    return kept, removed


def _run_tesseract(png: Path, lang: str, psm: int = PSM) -> str:
    cmd = ["tesseract", str(png), "stdout", "-l", lang, "--psm", str(psm), "tsv"]
    # One thread each: pages run side by side, one per CPU, which beats tesseract's own
    # OpenMP threads fighting over the same cores.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"tesseract took over {PAGE_TIMEOUT:.0f} s on {png.name}") from exc
    except OSError as exc:
        raise OcrError(f"cannot run tesseract: {exc}") from exc
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"tesseract failed on {png.name} (exit {done.returncode}): {' / '.join(err[-3:])}")
    return done.stdout.decode("utf-8", "replace")


def _page_from_tsv(page: int, tsv: str, scale: float = 72 / 300, engine: str = "tesseract") -> OcrPage:
    """Words of tesseract's TSV (level 5 rows) joined into lines by (block, paragraph, line),
    and each word's box (pixels times `scale`: PDF points)."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    confs: list[float] = []
    boxes: dict[tuple[str, str, str], list[Box]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":
            continue
        word, conf = cols[11].strip(), float(cols[10])
        if not word or conf < 0:
            continue
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(word)
        confs.append(conf)
        left, top, width, height = (float(v) * scale for v in cols[6:10])
        boxes.setdefault((cols[2], cols[3], cols[4]), []).append(
            (unicodedata.normalize("NFC", word), left, top, left + width, top + height))
    text = "\n".join(" ".join(words) for words in lines.values())
    return OcrPage(page=page, text=unicodedata.normalize("NFC", text),
                   confidence=round(sum(confs) / len(confs), 2) if confs else 0.0, words=len(confs),
                   boxes=list(boxes.values()), engine=engine)


# --- the second reader: asterocr re-reads tesseract's line runs ---------------------------

COMBINED_LABEL = "tesseract+asterocr"
ASTER_HEIGHT = 32
"""asterocr's model reads lines 32 pixels high, a multiple of 4 wide, ..."""
ASTER_MAX_WIDTH = 1024
"""... up to 1024 pixels (its positional encoding has 256 frames of 4 pixels)."""


class Word(NamedTuple):
    """A word as tesseract's TSV gives it: text, box in pixels of the render, confidence 0-100."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    conf: float


class RunRead(NamedTuple):
    """A run of a line's words (left to right) and asterocr's text and confidence (0-1) for it."""

    words: list[Word]
    text: str
    conf: float


def tsv_lines(tsv: str) -> list[list[Word]]:
    """tesseract's words (level 5 rows, confidence >= 0, NFC) grouped by (block, par, line), in
    the TSV's order: the rows `_page_from_tsv` keeps."""
    lines: dict[tuple[str, ...], list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":
            continue
        word, conf = unicodedata.normalize("NFC", cols[11].strip()), float(cols[10])
        if not word or conf < 0:
            continue
        left, top, width, height = (int(float(v)) for v in cols[6:10])
        lines.setdefault(tuple(cols[2:5]), []).append(Word(word, left, top, left + width, top + height, conf))
    return list(lines.values())


def lines_to_tsv(lines: list[list[Word]]) -> str:
    """Lines of words as tesseract's TSV (a line per block), the form the OCR cache keeps."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for n, line in enumerate(lines, 1):
        for k, w in enumerate(line, 1):
            rows.append(f"5\t1\t{n}\t1\t1\t{k}\t{w.x0}\t{w.top}\t{w.x1 - w.x0}\t{w.bottom - w.top}\t"
                        f"{w.conf:.2f}\t{w.text}")
    return "\n".join(rows) + "\n"


def split_runs(line: list[Word], gap: float) -> list[list[Word]]:
    """A tesseract line's words left to right, split where the gap is wider than `gap` times the
    line's median word height (the layout's segment_gap): a header's two columns, or a
    "Nơi nhận" list beside the signer, are read as separate crops."""
    line = sorted(line, key=lambda w: w.x0)
    size = sorted(w.bottom - w.top for w in line)[len(line) // 2]
    out = [[line[0]]]
    for w in line[1:]:
        if w.x0 - out[-1][-1].x1 <= gap * size:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def prefer_aster(aster_conf: float, tess_conf: float, choice: config.OcrChoice) -> bool:
    """True when asterocr's reading of a run (mean character probability, 0-1) is to be kept
    over tesseract's (mean word confidence, 0-100): the rule of data/readers/ocr_engine.toml."""
    return 100 * aster_conf > choice.intercept + choice.tesseract_weight * tess_conf


def aster_score(aster_conf: float, choice: config.OcrChoice) -> float:
    """asterocr's confidence on tesseract's 0-100 scale: the tesseract confidence at which the
    rule is even, so a kept asterocr run scores above the tesseract words it replaced."""
    if choice.tesseract_weight == 0:
        return 100.0
    return min(100.0, max(0.0, (100 * aster_conf - choice.intercept) / choice.tesseract_weight))


def aster_words(run: list[Word], text: str, score: float) -> list[Word]:
    """asterocr's words for a run. When it reads as many words as tesseract, they take
    tesseract's boxes (real positions, so a column split inside the run stays where it was);
    otherwise they are spread over the run's box in proportion to their characters."""
    toks = text.split()
    if len(toks) == len(run):
        return [w._replace(text=t, conf=score) for w, t in zip(run, toks, strict=True)]
    x0, x1 = min(w.x0 for w in run), max(w.x1 for w in run)
    top, bottom = min(w.top for w in run), max(w.bottom for w in run)
    total = max(1, sum(len(t) + 1 for t in toks) - 1)
    out, pos = [], 0
    for t in toks:
        a = x0 + (x1 - x0) * pos / total
        pos += len(t)
        out.append(Word(t, round(a), top, round(x0 + (x1 - x0) * pos / total), bottom, score))
        pos += 1
    return out


def combine(reads: list[list[RunRead]], choice: config.OcrChoice | None) -> list[list[Word]]:
    """Per line, each run read by the engine the rule prefers (`choice` None: asterocr for
    every run, the benchmark's "asterocr alone" row); lines left with no word are dropped."""
    out_lines = []
    for read in reads:
        out: list[Word] = []
        for run, text, conf in read:
            t_conf = sum(w.conf for w in run) / len(run)
            if choice is not None and not prefer_aster(conf, t_conf, choice):
                out.extend(run)
                continue
            score = aster_score(conf, choice) if choice is not None else 100 * conf
            out.extend(aster_words(run, text, score))
        if out:
            out_lines.append(out)
    return out_lines


class AsterReader:
    """asterocr's ONNX session, fed as its own torch predictor feeds the model: RGB 32 x W,
    values in [0, 1] (asterocr.pipeline.AsterOCR.preprocess_image also maps them to [-1, 1],
    which read worse: benchmarks/ocr_engines.py), greedy CTC decoding with its vocabulary."""

    def __init__(self, engine: Any, version: str) -> None:
        self.engine = engine
        crop = config.ocr_engine().crop
        choice = config.ocr_engine().choice
        #: part of the OCR cache key: the package, the crop and the choice rule
        self.tag = re.sub(r"[^\w.]+", "_", f"asterocr{version}-pad{crop.pad_x}-"
                                         f"c{choice.intercept}_{choice.tesseract_weight}")

    def read(self, crop: Image.Image) -> tuple[str, float]:
        """A line crop's text (NFC, single spaces) and mean probability of its characters."""
        text, probs = self._infer(crop)
        return text, float(probs.mean()) if probs.size else 0.0

    def _infer(self, crop: Image.Image) -> tuple[str, Any]:
        """The crop's text and the probabilities of its non-blank CTC frames."""
        import numpy as np
        from PIL import Image

        rgb = crop.convert("RGB")
        w, h = rgb.size
        tw = min(ASTER_MAX_WIDTH, max(ASTER_HEIGHT, (int(w * ASTER_HEIGHT / h) + 3) // 4 * 4))
        arr = np.asarray(rgb.resize((tw, ASTER_HEIGHT), Image.Resampling.BILINEAR),
                         dtype=np.float32) / 255.0
        eng = self.engine
        out = eng.session.run([eng.output_name], {eng.input_name: arr.transpose(2, 0, 1)[None]})[0]
        logp = out[:, 0, :] if out.shape[1] == 1 else out[0]
        best = logp.argmax(-1)
        probs = np.exp(logp.max(-1))
        text = unicodedata.normalize("NFC", " ".join(eng.decode_ctc(out).split()))
        return text, probs[best != eng.vocab.blank_idx]

    def read_run(self, img: Image.Image, run: list[Word], pad: float) -> RunRead:
        """A run cropped from the page's render (`img`, the pixels of the TSV's boxes) and
        read: the crop is the run's box, wider by `pad` word heights each side. A run wider
        than the model takes (ASTER_MAX_WIDTH once scaled to 32 pixels high) is read in pieces
        cut between words, its text their texts joined, its confidence over all their
        characters."""
        import numpy as np

        top, bottom = min(w.top for w in run), max(w.bottom for w in run)
        size = sorted(w.bottom - w.top for w in run)[len(run) // 2]
        pad_x = round(pad * size)
        if bottom <= top:
            return RunRead(run, "", 0.0)  # nothing to crop: tesseract's words stay
        limit = ASTER_MAX_WIDTH * (bottom - top) / ASTER_HEIGHT - 2 * pad_x
        pieces: list[list[Word]] = [[run[0]]]
        for w in run[1:]:
            if w.x1 - pieces[-1][0].x0 <= limit:
                pieces[-1].append(w)
            else:
                pieces.append([w])
        texts, probs = [], []
        for piece in pieces:
            x0, x1 = max(0, piece[0].x0 - pad_x), min(img.width, piece[-1].x1 + pad_x)
            if x1 <= x0:
                continue
            text, p = self._infer(img.crop((x0, top, x1, bottom)))
            texts.append(text)
            probs.append(p)
        kept = np.concatenate(probs) if probs else np.zeros(0)
        return RunRead(run, " ".join(t for t in texts if t), float(kept.mean()) if kept.size else 0.0)

    def read_runs(self, img: Image.Image, lines: list[list[Word]]) -> list[list[RunRead]]:
        """Each line's runs (`split_runs`), read by `read_run`."""
        gap = config.pdf_layout().segment_gap
        pad = config.ocr_engine().crop.pad_x
        return [[self.read_run(img, run, pad) for run in split_runs(line, gap)] for line in lines]


def engine_choice(engine: str | None = None) -> str:
    """The engine asked for: `engine`, else $PLAN_EXTRACT_OCR_ENGINE, else "tesseract"."""
    value = (engine if engine is not None else os.environ.get(ENGINE_ENV, "")).strip().lower() or "tesseract"
    if value not in ENGINES:
        raise OcrError(f"unknown OCR engine {value!r} ({ENGINE_ENV}): {' or '.join(ENGINES)}")
    return value


def second_reader(engine: str | None = None) -> AsterReader | None:
    """asterocr's reader when the combined engine is asked for and asterocr is installed with
    its model; None (tesseract alone, as without the extra) otherwise."""
    if engine_choice(engine) == "tesseract":
        return None
    return _load_aster()


@functools.cache
def _load_aster() -> AsterReader | None:
    """The ONNX model bundled in the asterocr wheel, loaded once per process; None when the
    package, onnxruntime or the bundled model is missing (nothing is downloaded: asterocr's
    own fallback fetches the model from Hugging Face, which this never asks for)."""
    try:
        import asterocr
        from asterocr import AsterOCR
    except ImportError:
        return None
    model = Path(asterocr.__file__).parent / "assets" / "asternet.onnx"
    if not model.is_file():
        return None
    try:
        engine = AsterOCR(model_path=str(model), backend="onnx", enable_telemetry=False)
    except (ImportError, OSError, RuntimeError, ValueError):
        return None
    return AsterReader(engine, getattr(asterocr, "__version__", "unknown"))
