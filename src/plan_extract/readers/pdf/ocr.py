"""Optional OCR of scanned PDFs (no text layer) with the system `tesseract` and its Vietnamese data.

Nothing is downloaded at run time: pages are rendered with pypdfium2 (already installed with
pdfplumber) and read by the `tesseract` binary from Debian's tesseract-ocr and tesseract-ocr-vie
packages. When either is missing, `available()` says why and callers keep the "no text layer"
error. Set PLAN_EXTRACT_NO_OCR=1 to switch OCR off (the tests use it for the no-OCR path).
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
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pydantic import BaseModel, Field

from ... import config
from ...errors import OcrError
from ...lexicon import doc_types
from ...lexicon.textnorm import is_upper, strip_diacritics

DISABLE_ENV = "PLAN_EXTRACT_NO_OCR"
INSTALL_HINT = "install it with: apt-get install tesseract-ocr tesseract-ocr-vie"
PAGE_TIMEOUT = 120.0
"""Seconds per page; an A4 page at 300 dpi took 4-7 s on a 2-core machine (tesseract 5.3)."""
PSM = 4
"""Tesseract page segmentation "one column of text of variable sizes", picked over 3 and 6 on
page 1 of tests/fixtures/scanned/nb_qd_963_scan.pdf and on renders of the corpus-extra PDFs
(nb_qd_963 p2, nb_qd_808 p1-2, hn_tb_453). psm 3 (automatic) read the same lines as 4, rows
of the two-column header and of the "Nơi nhận | signer" block on one line, as the text-layer
reader gives them to the header stage, but 10-20 % slower; psm 6 (one uniform block) dropped rows
of the land-use table in nb_qd_808 and read the red seals as lines of junk (confidence 85
against 92 on nb_qd_963 p2 and hn_tb_453)."""


class OcrPage(BaseModel):
    """One page's OCR text, a line per line tesseract found, with its mean word confidence."""

    page: int = Field(ge=1, description="1-based page number in the PDF")
    text: str
    confidence: float = Field(ge=0, le=100, description="mean tesseract word confidence, 0-100")
    words: int = Field(ge=0)
    #: tesseract's lines, each its words with their boxes in PDF points from the page's top
    #: left: (text, x0, top, x1, bottom)
    boxes: list[list[tuple[str, float, float, float, float]]] = Field(default_factory=list)


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
            psm: int = PSM) -> list[OcrPage]:
    """OCR the PDF's pages (0-based indexes, all when None) in order; raise OcrError on failure.

    Signature widgets are drawn too, so a printed-and-signed decision's number and date, which
    e-signing software stamps in a widget, are read as on paper. Pages are read by one
    single-threaded tesseract per CPU while the next pages render, and each page's result is
    cached (`cache_dir()`), so a rerun over a batch of scans does not OCR them again.
    """
    import pypdfium2

    reason = available(lang)
    if reason is not None:
        raise OcrError(reason)
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
                if (cached := _cache_get(key)) is not None:
                    tsvs[index] = cached
                    continue
                png = Path(tmp) / f"page-{index + 1}.png"
                page = pdf[index]
                try:
                    bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
                    bitmap.to_pil().save(png, dpi=(dpi, dpi))
                finally:
                    page.close()
                tsvs[index] = pool.submit(_read_and_cache, png, lang, psm, key)
            return [_page_from_tsv(index + 1, tsv if isinstance(tsv, str) else tsv.result(), 72 / dpi)
                    for index, tsv in tsvs.items()]
    finally:
        pdf.close()


def _read_and_cache(png: Path, lang: str, psm: int, key: str) -> str:
    tsv = _run_tesseract(png, lang, psm)
    png.unlink()
    _cache_put(key, tsv)
    return tsv


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
    look-alike glyphs ("⁄" for "/") and header capitals with misread tone marks; only for
    OCRed text, where they are misreadings and not names."""
    for glyph, meant in config.ocr_fixes().glyphs.items():
        line = line.replace(glyph, meant)
    for rx, repl in _fixes():
        line = rx.sub(repl, line)
    return restore_capitals(drop_specks(line))


def is_speck(text: str) -> bool:
    """A one-character token OCR reads from a speck, a seal's edge or a rule ("ị", "'", "_"):
    no word, number or item marker is one lowercase letter or one mark."""
    t = text.strip()
    return len(t) <= 1 and not (t.isupper() or t.isdigit() or t in ("-", "+", "–", "—", "•", "*"))


def drop_specks(line: str) -> str:
    """A line in capitals loses the one-character tokens OCR reads from specks, seals and
    rules at its ends ("TỈNH HÀ TĨNH ị", "KẾ HOẠCH .", "_ ỦY BAN"): never a word there."""
    words = line.split()
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


@functools.cache
def _capital_phrases() -> tuple[int, dict[tuple[str, ...], list[str]]]:
    """Header phrases by their letters without diacritics: the fixed phrases of the data file,
    each unit with each province's name, and the type words; a key two phrases share is
    dropped (it cannot be restored)."""
    caps = config.ocr_fixes().capitals
    phrases = set(caps.phrases)
    phrases |= {f"{unit} {p.name.upper()}" for p in config.admin_units().provinces
                for unit in caps.units}
    phrases |= {name.upper() for name in doc_types.names()}
    table: dict[tuple[str, ...], list[str]] = {}
    clashes: set[tuple[str, ...]] = set()
    for phrase in phrases:
        words = phrase.split()
        if len(words) < caps.min_words:
            continue
        key = tuple(_bare(w) for w in words)
        if key in table and table[key] != words:
            clashes.add(key)
        table[key] = words
    for key in clashes:
        del table[key]
    return max((len(k) for k in table), default=0), table


def restore_capitals(line: str) -> str:
    """A run of capitalised words that spells a header phrase without its diacritics
    ("THÀNH PHÓ HÒ CHÍ MINH", "ỦY BAN NHÂN DẦN") is put back as printed, keeping the
    punctuation around each word."""
    longest, table = _capital_phrases()
    words = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), config.ocr_fixes().capitals.min_words - 1, -1):
            run = words[i:i + n]
            if not all(w.strip(_EDGE) and (is_upper(w) or not any(c.isalpha() for c in w))
                       for w in run):
                continue
            phrase = table.get(tuple(_bare(w) for w in run))
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


def _page_from_tsv(page: int, tsv: str, scale: float = 72 / 300) -> OcrPage:
    """Words of tesseract's TSV (level 5 rows) joined into lines by (block, paragraph, line),
    and each word's box (pixels times `scale`: PDF points)."""
    lines: dict[tuple[str, str, str], list[str]] = {}
    confs: list[float] = []
    boxes: dict[tuple[str, str, str], list[tuple[str, float, float, float, float]]] = {}
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
                   boxes=list(boxes.values()))
