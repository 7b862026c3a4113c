"""Signature widgets of e-signed PDFs: the text their appearance streams draw."""

from __future__ import annotations


def widget_chars(page) -> list[list[dict]]:
    """Characters drawn by signature widgets' appearance streams, in page coordinates.

    E-signed provincial PDFs leave "Số:   /KH-UBND" and "ngày   tháng" blank in the text
    layer and draw the number and day in the signing software's widgets; pdfminer can
    interpret a widget's form XObject like a page, and its characters are then moved to the
    widget's rectangle (assuming the usual identity matrix, BBox at the rectangle's size).
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdftypes import resolve1

    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif isinstance(obj, LTContainer):
            for child in obj:
                yield from walk(child)

    out = []
    manager = PDFResourceManager()
    for annot in annotations(page):
        data = annot.get("data") or {}
        try:
            if str(resolve1(data.get("FT"))) != "/'Sig'":
                continue
            stream = resolve1((resolve1(data.get("AP")) or {}).get("N"))
            if stream is None:
                continue
            bbox = [float(v) for v in resolve1(stream.attrs.get("BBox", [0, 0, 0, 0]))]
            device = PDFPageAggregator(manager, laparams=None)
            interpreter = PDFPageInterpreter(manager, device)

            class _Form:
                pageid, rotate = 0, 0
                mediabox = cropbox = bbox
                resources = resolve1(stream.attrs.get("Resources")) or {}
                contents = [stream]

            interpreter.process_page(_Form)
            glyphs = [c for c in walk(device.get_result()) if c.get_text().strip()]
        except Exception:  # a widget we cannot read is no worse than no widget
            continue
        if not glyphs:
            continue
        # One synthetic "character" per run of glyphs (a day and a month drawn in one widget
        # are two runs), so the page's text extraction spaces them as words.
        runs: list[list] = []
        for g in sorted(glyphs, key=lambda g: g.x0):
            if runs and g.x0 - runs[-1][-1].x1 <= 1.5 * max(g.width, 1.0):
                runs[-1].append(g)
            else:
                runs.append([g])
        group = []
        for run in runs:
            x0 = annot["x0"] + (run[0].x0 - bbox[0])
            x1 = annot["x0"] + (run[-1].x1 - bbox[0])
            top = annot["top"] + (bbox[3] - max(g.y1 for g in run))
            height = max(g.height for g in run)
            group.append({"text": "".join(g.get_text() for g in run), "x0": x0, "x1": x1,
                          "top": top, "bottom": top + height, "upright": True,
                          "size": run[0].size, "width": x1 - x0, "height": height,
                          "fontname": run[0].fontname, "doctop": top, "object_type": "char"})
        out.append(group)
    return out


def annotations(page) -> list[dict]:
    """The page's annotations with their position (`x0`, `top`) and raw dictionary (`data`).

    pdfplumber resolves every reference inside each annotation, and a signed scan's signature
    dictionary that points back at its page (and that page at the signature) never ends
    ("maximum recursion depth exceeded"); then only the rectangle is resolved, on an upright
    page, and a page turned by /Rotate has no widgets read."""
    from pdfminer.pdftypes import resolve1

    try:
        return page.annots
    except Exception:  # pdfplumber wraps the RecursionError in its MalformedPDFException
        pass
    if page.rotation:
        return []
    height = page.root_page.height
    out = []
    for ref in resolve1(page.page_obj.annots) or []:
        annot = resolve1(ref)
        try:
            a, b, c, d = (float(resolve1(v)) for v in resolve1(annot.get("Rect")))
        except (AttributeError, TypeError, ValueError):
            continue
        out.append({"x0": min(a, c), "top": height - max(b, d), "data": annot})
    return out
