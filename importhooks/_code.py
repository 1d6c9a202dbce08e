"""The code object of a deferred body, read from the bytecode file the import already found.

The stdlib source loader's ``get_code`` works the bytecode file's path out
of the source path every time (``cache_from_source``: about 17 k
instructions on 3.11, more than the rest of a first touch's bookkeeping).
The import that deferred the module already did that and left the answer
in ``spec.cached``.  For the plain source loader, ``code_of`` reads the
bytecode there and applies the loader's own checks, in the loader's own
functions; every other case (no bytecode file, a stale or hash-based one,
a loader subclass or a patched method) goes to the loader's ``get_code``.
"""

import _frozen_importlib as _bootstrap
import _frozen_importlib_external as _external
import sys

_SOURCE_LOADER = _external.SourceFileLoader
# The stdlib methods the shortcut stands for; a patched one turns it off.
_GET_CODE = getattr(_external.SourceLoader, "get_code", None)
_PATH_STATS = getattr(_SOURCE_LOADER, "path_stats", None)
_GET_DATA = getattr(_external.FileLoader, "get_data", None)
_classify_pyc = getattr(_external, "_classify_pyc", None)
_validate_timestamp_pyc = getattr(_external, "_validate_timestamp_pyc", None)
_compile_bytecode = getattr(_external, "_compile_bytecode", None)
_HELPERS = None not in (_classify_pyc, _validate_timestamp_pyc, _compile_bytecode)


def _is_plain(loader):
    cls = type(loader)
    return (
        cls is _SOURCE_LOADER
        and _HELPERS
        and cls.get_code is _GET_CODE
        and cls.path_stats is _PATH_STATS
        and cls.get_data is _GET_DATA
    )


def code_of(loader, spec):
    """What ``loader.get_code(spec.name)`` returns, without working out the bytecode path again.

    >>> import importlib.util
    >>> spec = importlib.util.find_spec("json.tool")
    >>> code_of(spec.loader, spec).co_filename == spec.origin
    True
    """
    name = spec.name
    cached = spec.cached
    if not cached or not _is_plain(loader) or loader.name != name:
        return loader.get_code(name)
    source_path = loader.path
    try:
        st = loader.path_stats(source_path)
        data = loader.get_data(cached)
    except OSError:
        return loader.get_code(name)
    details = {"name": name, "path": cached}
    try:
        if _classify_pyc(data, name, details) != 0:
            return loader.get_code(name)  # hash-based: the loader knows when to check the source
        _validate_timestamp_pyc(data, int(st["mtime"]), st["size"], name, details)
    except (ImportError, EOFError):
        return loader.get_code(name)  # stale or damaged: the loader recompiles and rewrites it
    if sys.flags.verbose:
        _bootstrap._verbose_message("{} matches {}", cached, source_path)
    return _compile_bytecode(
        memoryview(data)[16:], name=name, bytecode_path=cached, source_path=source_path
    )
