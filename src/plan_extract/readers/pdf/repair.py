"""Damaged and encrypted PDFs: what went wrong, in words, and a repaired copy to read.

A download cut short, or a file whose cross-reference table was lost or overwritten,
leaves the objects intact: pdfium (pypdfium2, already installed for OCR) rebuilds the table
when it opens such a file and saves a clean copy; a file cut before its trailer gets one
pointing at its catalog. An encrypted PDF opens without a password when it has only an
owner password (printing or copying restricted), and pdfium saves that one decrypted.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

ENCRYPTED = ("encrypted PDF (password-protected): it cannot be read without its password; "
             "remove the protection (`qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf`) and "
             "give the copy")

_OBJ = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\b")
# What an exception says when its message is empty (pdfminer raises some bare).
_BARE = {"PDFPasswordIncorrect": "the PDF is encrypted and its password is needed",
         "PDFEncryptionError": "the PDF's encryption is of a kind pdfminer cannot read",
         "PSEOF": "the file ends in the middle of an object (cut short)",
         "PDFNoValidXRef": "no valid cross-reference table",
         "RecursionError": "objects refer to each other in a loop"}


@dataclass(frozen=True)
class Repaired:
    data: bytes
    how: str


def inner(exc: BaseException) -> BaseException:
    """The exception pdfplumber's wrapper (PdfminerException(cause)) or a re-raise holds."""
    seen = {id(exc)}
    while True:
        nested = next((a for a in exc.args if isinstance(a, BaseException)), None) \
            or exc.__cause__ or exc.__context__
        if nested is None or id(nested) in seen:
            return exc
        seen.add(id(nested))
        exc = nested


def encrypted(exc: BaseException) -> bool:
    """Whether pdfminer refused the file for want of its password."""
    return type(inner(exc)).__name__ == "PDFPasswordIncorrect"


def describe(exc: BaseException) -> str:
    """`Type: message` of what pdfminer raised, never with an empty message."""
    cause = inner(exc)
    name = type(cause).__name__
    text = " ".join(str(cause).split()) or _BARE.get(name, "no message")
    return f"{name}: {text}"


def repaired_copy(data: bytes, cause: BaseException) -> Repaired | None:
    """A copy of `data` pdfminer may read, or None when nothing could be done; raises the
    encrypted-PDF error when pdfium too asks for a password."""
    from ...errors import ReadError

    copy = _pdfium_copy(data)
    if copy == "password":
        raise ReadError(ENCRYPTED) from cause
    if isinstance(copy, bytes):
        return Repaired(copy, "repaired by pdfium (cross-reference table rebuilt)")
    catalog = _catalog(data)
    if catalog is None:
        return None
    with_trailer = data + b"\ntrailer\n<< /Root %d %d R >>\n%%%%EOF\n" % catalog
    copy = _pdfium_copy(with_trailer)
    if isinstance(copy, bytes):
        return Repaired(copy, "with a trailer pointing at its catalog, repaired by pdfium")
    return Repaired(with_trailer, "with a trailer pointing at its catalog")


def _pdfium_copy(data: bytes) -> bytes | str | None:
    """pdfium's saved copy of `data` (decrypted, its cross-reference table rebuilt), "password"
    when pdfium needs one, None when it cannot open it or finds no page."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        return "password" if "password" in str(exc).lower() else None
    except Exception:  # pdfium's binding on a file it cannot take at all
        return None
    try:
        if len(pdf) == 0:
            return None
        out = io.BytesIO()
        pdf.save(out, flags=pdfium_c.FPDF_REMOVE_SECURITY)
        return out.getvalue()
    except Exception:  # a copy pdfium cannot write is no copy
        return None
    finally:
        pdf.close()


def _catalog(data: bytes) -> tuple[int, int] | None:
    """(number, generation) of the last object that declares itself the catalog."""
    at = data.rfind(b"/Catalog")
    for _ in range(5):
        if at < 0:
            return None
        found = list(_OBJ.finditer(data, max(0, at - 4096), at))
        if found:
            return int(found[-1][1]), int(found[-1][2])
        at = data.rfind(b"/Catalog", 0, at)
    return None
