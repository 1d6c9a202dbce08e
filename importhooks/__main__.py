"""Run a script or module with importhooks installed and report what was deferred.

``python -m importhooks --help`` describes every option.  The report goes
to stderr (or FILE) when the program ends, even if it raises or calls
sys.exit().  Patterns are optional: a program that installs its own finder
(``import instructor``) is reported on as well.  The options are parsed by
hand, not with argparse: importing argparse (and re, gettext...) before
the program starts would change what the program imports.
"""

import os
import runpy
import sys

USAGE = """\
usage: python -m importhooks [-p PATTERN]... [-x PATTERN]... [--eager] [--verify]
                             [--json] [-o FILE] (script.py | -m module) [args...]"""

HELP = (
    USAGE
    + """

Run a Python program with importhooks installed. When it ends (normally, by
an exception or by sys.exit()), print which modules were deferred, which
loaded, what triggered each load and where, and how long each body took.
The program's exit code is kept.

what to run (the first argument that is not an option; the rest go to it):
  script.py [args...]     run a script, as `python script.py args...` would.
                          e.g. python -m importhooks -p 'myapp.*' app.py --port 8000
  -m module [args...]     run a module, as `python -m module args...` would.
                          e.g. python -m importhooks -m myapp.cli serve --debug

options:
  -h, --help              show this help and exit.
                          e.g. python -m importhooks --help
  -p, --pattern PATTERN   defer the modules matching PATTERN: an exact name, or a
                          glob where '*' matches anything ('pkg.*' is every module
                          below pkg). Repeat for more. Leave it out to report on a
                          program that installs its own finder (import instructor).
                          e.g. python -m importhooks -p 'myapp.plugins.*' -p myapp.heavy app.py
  -x, --exclude PATTERN   never defer the modules matching PATTERN, though -p matches.
                          e.g. python -m importhooks -p 'myapp.*' -x 'myapp._*' app.py
  --eager                 load matched modules at their import statement instead,
                          so import errors surface there (what INSTRUCTOR_EAGER=1
                          does for instructor).
                          e.g. python -m importhooks --eager -m myapp.cli
  --verify                when the program ends, import every module the patterns
                          match and run every deferred body; list the failures and
                          exit with status 1 if there are any.
                          e.g. python -m importhooks -p 'myapp.plugins.*' --verify app.py
  --json                  write importhooks.stats() as JSON instead of the text report.
                          e.g. python -m importhooks --json -o stats.json -m myapp.cli
  -o, --output FILE       write the report to FILE instead of stderr.
                          e.g. python -m importhooks -o report.txt -m myapp.cli"""
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
            print(HELP)
            raise SystemExit(0)
        if arg in ("-p", "--pattern", "-x", "--exclude", "-o", "--output"):
            if i + 1 >= len(argv):
                raise SystemExit(f"importhooks: {arg} needs a value\n{USAGE}")
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
                    f"importhooks: -m needs a module name\n{USAGE}"
                )
            return options, ("module", argv[i + 1], argv[i + 2 :])
        elif arg.startswith("-") and arg != "-":
            raise SystemExit(f"importhooks: unknown option {arg}\n{USAGE}")
        else:
            return options, ("script", arg, argv[i + 1 :])
        i += 1
    raise SystemExit(f"importhooks: nothing to run\n{USAGE}")


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
