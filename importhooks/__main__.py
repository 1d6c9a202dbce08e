"""Run a script or module with importhooks installed and report what was deferred.

Usage::

    python -m importhooks [-p PATTERN]... [-x PATTERN]... [--eager] [--verify]
                          [--json] [-o FILE] (script.py | -m module) [args...]

The report goes to stderr (or FILE) when the program ends, even if it
raises or calls sys.exit().  Patterns are optional: a program that installs
its own finder (``import instructor``) is reported on as well.
"""

import os
import runpy
import sys

USAGE = (
    (__doc__ or "Usage::The report")
    .split("Usage::", 1)[1]
    .split("The report", 1)[0]
    .strip("\n")
)


def _parse(argv):
    options = {
        "patterns": [],
        "exclude": [],
        "eager": False,
        "verify": False,
        "json": False,
        "output": None,
    }
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-h", "--help"):
            print("usage:\n" + USAGE)
            raise SystemExit(0)
        if arg in ("-p", "--pattern", "-x", "--exclude", "-o", "--output"):
            if i + 1 >= len(argv):
                raise SystemExit(f"importhooks: {arg} needs a value\nusage:\n{USAGE}")
            value = argv[i + 1]
            if arg in ("-p", "--pattern"):
                options["patterns"].append(value)
            elif arg in ("-x", "--exclude"):
                options["exclude"].append(value)
            else:
                options["output"] = value
            i += 2
            continue
        if arg == "--eager":
            options["eager"] = True
        elif arg == "--verify":
            options["verify"] = True
        elif arg == "--json":
            options["json"] = True
        elif arg == "-m":
            if i + 1 >= len(argv):
                raise SystemExit(
                    f"importhooks: -m needs a module name\nusage:\n{USAGE}"
                )
            return options, ("module", argv[i + 1], argv[i + 2 :])
        elif arg.startswith("-") and arg != "-":
            raise SystemExit(f"importhooks: unknown option {arg}\nusage:\n{USAGE}")
        else:
            return options, ("script", arg, argv[i + 1 :])
        i += 1
    raise SystemExit(f"importhooks: nothing to run\nusage:\n{USAGE}")


def _emit(options, failures):
    import importhooks

    if options["json"]:
        import json

        data = importhooks.stats()
        if options["verify"]:
            data["verify_failures"] = [
                [name, f"{type(exc).__name__}: {exc}"] for name, exc in failures
            ]
        text = json.dumps(data, indent=2)
    else:
        text = importhooks.report()
        if options["verify"]:
            text += f"\n\nverify: {len(failures)} failure(s)"
            for name, exc in failures:
                text += f"\n  {name}: {type(exc).__name__}: {exc}"
    if options["output"]:
        with open(options["output"], "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def main(argv=None):
    """Entry point of ``python -m importhooks``."""
    options, (kind, target, args) = _parse(sys.argv[1:] if argv is None else argv)
    import importhooks

    if options["patterns"]:
        importhooks.install(options["patterns"], exclude=options["exclude"])
    if options["eager"]:
        importhooks.set_eager(True)
    failures = []
    try:
        if kind == "script":
            sys.argv = [target, *args]
            sys.path[0] = os.path.dirname(os.path.abspath(target))
            runpy.run_path(target, run_name="__main__")
        else:
            sys.argv = [target, *args]
            runpy.run_module(target, run_name="__main__", alter_sys=True)
    finally:
        if options["verify"]:
            failures = importhooks.verify()
        _emit(options, failures)
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
