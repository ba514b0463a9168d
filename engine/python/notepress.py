"""notepress for Python: renders document descriptions into PDF notes in
the house style of United Nations parliamentary documents, through the
installed shared library (libnotepress.so.0) and its public header, by
ctypes; nothing to compile.

    import notepress
    engine = notepress.Engine()                 # keep one: it caches
    pdf = engine.render(open("note.xml", "rb").read(), layout="un-a4")
    engine.render_file("note.xml", "note.pdf", lang="en")
    try:
        engine.render("<document/>")
    except notepress.Refused as e:
        for d in e.diagnostics:                 # Diagnostic objects
            print(d.file, d.line, d.column, d.severity, d.message)

One Engine may be used from many threads at once (the library renders
in parallel on one engine; ctypes lets go of the interpreter lock
during a render). The library is found through NOTEPRESS_LIBRARY, then
beside this module as installed by `make install`
(PREFIX/lib/python3/dist-packages/ -> PREFIX/lib/), then by the
system's loader.
"""
import ctypes
import ctypes.util
import os
import threading

__all__ = ["Engine", "Diagnostic", "Error", "Refused", "version"]

_SEVERITIES = ("note", "warning", "error")


class Diagnostic:
    """One message of a render: severity ("note", "warning", "error"),
    file (or None), line and column (0 when not known), message."""

    __slots__ = ("severity", "file", "line", "column", "message")

    def __init__(self, severity, file, line, column, message):
        self.severity, self.file = severity, file
        self.line, self.column, self.message = line, column, message

    def __str__(self):
        where = self.file or "notepress"
        if self.file and self.line:
            where += ":%d" % self.line + (":%d" % self.column if self.column else "")
        return "%s: %s: %s" % (where, self.severity, self.message)

    __repr__ = __str__


class Error(Exception):
    """A render that failed; .diagnostics holds every message."""

    def __init__(self, message, diagnostics):
        super().__init__(message)
        self.diagnostics = diagnostics


class Refused(Error):
    """The description (or its layout, or a file it names) was refused."""


# ---- the library -----------------------------------------------------

def _load():
    here = os.path.dirname(os.path.abspath(__file__))
    names = [os.environ.get("NOTEPRESS_LIBRARY"),
             os.path.join(here, "..", "..", "libnotepress.so.0"),
             ctypes.util.find_library("notepress")]
    for name in names:
        if name and (os.path.sep not in name or os.path.exists(name)):
            try:
                return ctypes.CDLL(name)
            except OSError:
                pass
    raise ImportError("notepress: libnotepress.so.0 not found "
                      "(set NOTEPRESS_LIBRARY to its path)")


class _CDiagnostic(ctypes.Structure):
    _fields_ = [("severity", ctypes.c_int), ("file", ctypes.c_char_p),
                ("line", ctypes.c_uint), ("column", ctypes.c_uint),
                ("message", ctypes.c_char_p)]


_DIAG_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_CDiagnostic))


class _Options(ctypes.Structure):
    # np_render_options up to `lang`, then room for the fields a newer
    # library adds: np_render_options_init writes its own size, which
    # must fit (the library reads only what its size field covers).
    _fields_ = [("size", ctypes.c_size_t), ("layout", ctypes.c_char_p),
                ("linebreak", ctypes.c_int), ("format", ctypes.c_int),
                ("fixed_time", ctypes.c_longlong), ("diag", _DIAG_FN),
                ("diag_ud", ctypes.c_void_p), ("stats", ctypes.c_void_p),
                ("dep", ctypes.c_void_p), ("dep_ud", ctypes.c_void_p),
                ("cancel", ctypes.c_void_p), ("cancel_ud", ctypes.c_void_p),
                ("limits", ctypes.c_void_p), ("pdfa", ctypes.c_int),
                ("lang", ctypes.c_char_p), ("_room", ctypes.c_char * 512)]


_lib = _load()
_lib.np_engine_new.restype = ctypes.c_void_p
_lib.np_engine_new.argtypes = [ctypes.c_void_p]
_lib.np_engine_free.argtypes = [ctypes.c_void_p]
_lib.np_render_options_init.argtypes = [ctypes.POINTER(_Options)]
_lib.np_render_to_buffer.argtypes = [
    ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
    ctypes.POINTER(_Options), ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(ctypes.c_size_t)]
_lib.np_render_file.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                ctypes.c_char_p, ctypes.POINTER(_Options)]
_lib.np_buffer_free.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_lib.np_version.restype = ctypes.c_char_p


def version():
    """The version of the library loaded ("0.1.0")."""
    return _lib.np_version().decode()


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


def _bytes(s):
    if s is None or isinstance(s, bytes):
        return s
    return os.fsencode(s) if isinstance(s, os.PathLike) else s.encode("utf-8")


class Engine:
    """An engine: the schema compiled, and the layouts, languages, fonts
    and patterns cached across renders (and threads). close() frees it;
    so does leaving a with block."""

    def __init__(self):
        self._engine = _lib.np_engine_new(None)
        if not self._engine:
            raise Error("notepress: the engine did not start", [])
        self._lock = threading.Lock()

    def close(self):
        with self._lock:
            if self._engine:
                _lib.np_engine_free(self._engine)
                self._engine = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_engine", None):
            self.close()

    def _options(self, layout, lang, dump, pdfa, found):
        o = _Options()
        _lib.np_render_options_init(ctypes.byref(o))
        o.layout, o.lang = _bytes(layout), _bytes(lang)
        o.format = 1 if dump else 0
        o.pdfa = 1 if pdfa else 0

        def collect(_ud, d):
            d = d.contents
            found.append(Diagnostic(_SEVERITIES[d.severity], _text(d.file),
                                    d.line, d.column, _text(d.message)))
        o.diag = _DIAG_FN(collect)
        return o, o.diag    # the callback must live as long as the call

    @staticmethod
    def _check(rc, found):
        if rc == 1:
            raise Refused("; ".join(str(d) for d in found if d.severity == "error")
                          or "refused", found)
        if rc != 0:
            raise Error("; ".join(map(str, found)) or "render failed (%d)" % rc, found)

    def render(self, description, name=None, layout=None, lang=None,
               dump=False, pdfa=False, warnings=None):
        """The PDF (or, with dump=True, the text dump) of `description`
        (bytes or str), as bytes. Raises Refused with the diagnostics;
        a list given as `warnings` receives those of a render that
        succeeded."""
        data = _bytes(description)
        found = []
        o, keep = self._options(layout, lang, dump, pdfa, found)
        out, size = ctypes.c_void_p(), ctypes.c_size_t()
        rc = _lib.np_render_to_buffer(self._engine, _bytes(name), data, len(data),
                                      ctypes.byref(o), ctypes.byref(out),
                                      ctypes.byref(size))
        self._check(rc, found)
        try:
            result = ctypes.string_at(out, size.value)
        finally:
            _lib.np_buffer_free(self._engine, out)
        if warnings is not None:
            warnings.extend(found)
        return result

    def render_file(self, in_path, out_path, layout=None, lang=None,
                    dump=False, pdfa=False, warnings=None):
        """Renders the file `in_path` to `out_path` (written through a
        temporary file and renamed on success). Raises as render()."""
        found = []
        o, keep = self._options(layout, lang, dump, pdfa, found)
        rc = _lib.np_render_file(self._engine, _bytes(in_path), _bytes(out_path),
                                 ctypes.byref(o))
        self._check(rc, found)
        if warnings is not None:
            warnings.extend(found)
