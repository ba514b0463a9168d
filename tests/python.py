"""The Python module (engine/python/notepress.py) over the shared
library just built: a description rendered from a string and from a
file gives the bytes the command gives; a refused one raises Refused
with every diagnostic as an object (severity, file, line, column,
message); one engine shared by eight threads gives the same bytes
every time; options (layout, lang, dump) change what is made.

Usage: python3 tests/python.py build/notepress (the library is taken
from the same directory). Prints "python: N passed, N failed".
"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
np_cmd = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/notepress")
os.environ["NOTEPRESS_LIBRARY"] = os.path.join(os.path.dirname(np_cmd), "libnotepress.so.0")
os.environ.pop("SOURCE_DATE_EPOCH", None)
sys.path.insert(0, os.path.join(top, "engine", "python"))
# a sanitizer build cannot be loaded into a Python without its runtime
if b"libasan" in subprocess.run(["ldd", os.environ["NOTEPRESS_LIBRARY"]],
                                capture_output=True).stdout:
    print("python: the sanitizer build is not loaded into Python: skipped")
    sys.exit(0)
import notepress  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402

t = Tally()
check = t.check

sample = os.path.join(top, "samples", "e-cn.7-2011-12-en.xml")
text = open(sample, encoding="utf-8").read()
by_command = subprocess.run([np_cmd, "render", sample, "-o", "-"],
                            capture_output=True, check=True).stdout

with notepress.Engine() as engine:
    check(notepress.version() == "0.1.0", "version")
    pdf = engine.render(text, name=sample)
    check(pdf == by_command, "render(str) gives the command's bytes")
    check(engine.render(text.encode("utf-8"), name=sample) == pdf, "render(bytes)")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "note.pdf")
        engine.render_file(sample, out)
        check(open(out, "rb").read() == by_command, "render_file gives the command's bytes")

    try:
        engine.render(open(os.path.join(top, "tests", "errors", "schema-several.xml"),
                           encoding="utf-8").read(), name="several.xml")
        check(False, "a refused description raises")
    except notepress.Refused as e:
        ds = e.diagnostics
        check(len(ds) == 9, "every schema error: %d" % len(ds))
        first = ds[0]
        check((first.severity, first.file, first.line, first.column) ==
              ("error", "several.xml", 6, 21), "the first error's place: %r" % first)
        check("did you mean numbering" in first.message, first.message)
        check(all(isinstance(d, notepress.Diagnostic) for d in ds), "Diagnostic objects")

    dump = engine.render(text, dump=True).decode("utf-8")
    check(dump.startswith("document "), "dump=True gives the dump")
    check("Nations Unies" in engine.render(text, lang="fr", dump=True).decode("utf-8"),
          "lang= changes the labels")
    check("612.00x792.00" in engine.render(text, layout="un-letter", dump=True).decode(),
          "layout= changes the page")

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: engine.render(text, name=sample), range(24)))
    check(all(r == pdf for r in results), "eight threads on one engine, the same bytes")

sys.exit(t.summary("python"))
