#!/usr/bin/env python3
"""The codes of page 1 read back as a reader's scanner reads them.

Usage: python3 tests/codes.py build/notepress

Renders every sample (samples/*.xml) and the house-style descriptions
(tests/house/*.xml), rasterises page 1 at 200 dpi with pdftoppm and reads
it with zbarimg. On each page there must be exactly one QR code, holding
the document's address as the UN layouts make it,
https://docs.un.org/LANG/SYMBOL (the symbol percent-encoded where a URL
needs it), and one Code 39 barcode holding the job
number's digits without the duty-station prefix ("V.10-58736" ->
"1058736"), except on pages of the layouts whose duty station prints
none (Geneva, since 2024): there, no barcode at all.

Prints one line per failed check, then "codes: N passed, N failed"; exits
1 when a check failed.
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

ADDRESS = "https://docs.un.org/{lang}/{symbol}"
DPI = "200"
NO_BARCODE = {"un-geneva"}     # layouts with barcode show="no"


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def expected(path):
    """(QR text, barcode digits) the description should print: a list of
    the texts of each kind, empty when it prints none."""
    root = ET.parse(path).getroot()
    symbol = root.findtext("meta/symbol").strip()
    job = root.findtext("meta/job").strip()
    digits = re.sub(r"[-.]", "", re.sub(r"^[A-Za-z]+\.?", "", job))
    barcode = [] if root.get("layout") in NO_BARCODE else [digits]
    # the symbol as a URL writes it: "S/RES/1632%20%282005%29"
    url_symbol = urllib.parse.quote(symbol, safe="/-._~")
    return [ADDRESS.format(lang=root.get("lang"), symbol=url_symbol)], barcode


def symbols(np_bin, path, tmp):
    """The symbols zbarimg reads on page 1: a list of (type, data)."""
    pdf = os.path.join(tmp, "doc.pdf")
    status, _, err = run([np_bin, "render", path, "-o", pdf])
    if status != 0:
        raise RuntimeError("render failed: " + err.strip())
    stem = os.path.join(tmp, "page1")
    status, _, err = run(["pdftoppm", "-r", DPI, "-f", "1", "-l", "1", "-gray",
                          "-singlefile", pdf, stem])
    if status != 0:
        raise RuntimeError("pdftoppm failed: " + err.strip())
    status, out, err = run(["zbarimg", "--quiet", "--xml", stem + ".pgm"])
    if status not in (0, 4):        # 4: no symbol found
        raise RuntimeError("zbarimg failed (exit %d): %s" % (status, err.strip()))
    root = ET.fromstring(out)
    ns = "{http://zbar.sourceforge.net/2008/barcode}"
    return [(s.get("type"), s.findtext(ns + "data")) for s in root.iter(ns + "symbol")]


def main():
    if len(sys.argv) != 2:
        print("usage: python3 tests/codes.py build/notepress", file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    files = sorted(glob.glob(os.path.join(here, "..", "samples", "*.xml"))
                   + glob.glob(os.path.join(here, "house", "*.xml")))
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="notepress-codes.") as tmp:
        for path in files:
            name = os.path.basename(path)
            qr, digits = expected(path)
            try:
                found = symbols(sys.argv[1], path, tmp)
            except RuntimeError as e:
                failed += 1
                print("FAIL %s: %s" % (name, e))
                continue
            for kind, want in (("QR-Code", qr), ("CODE-39", digits)):
                got = [d for t, d in found if t == kind]
                if got == want:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL %s: %s reads %s, expected %r"
                          % (name, kind, got if got else "nothing", want))
    print("codes: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
