#!/usr/bin/env bash
# OCR of scanned PDFs needs tesseract with its Vietnamese data (Debian: tesseract-ocr,
# tesseract-ocr-vie). Installs them when missing and this is root with apt; otherwise says
# how, and extraction of a scan then fails with that same advice. Never fails the caller.
has_vie_ocr() {
  command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie
}
has_vie_ocr && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing tesseract-ocr tesseract-ocr-vie (OCR of scanned PDFs)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-vie >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
         tesseract-ocr tesseract-ocr-vie >/dev/null; } \
    || echo "WARNING: could not install tesseract; scanned PDFs will be error records" >&2
else
  echo "note: OCR needs tesseract with Vietnamese data: apt-get install tesseract-ocr tesseract-ocr-vie"
fi
exit 0
