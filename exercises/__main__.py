"""``python -m exercises list`` and ``python -m exercises check <name> [file]``."""

import argparse
import sys

from . import exercises
from .checking import _shown, run


def main(argv=None):
    """Run the command line; return the exit status (0: every check passed)."""
    parser = argparse.ArgumentParser(
        prog="python -m exercises",
        description="Check your answers to the exercises of the guide, offline.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the exercises and their starter files")
    check = commands.add_parser("check", help="check an exercise")
    check.add_argument("name", help="the exercise, e.g. bp2_tanh; 'all' checks every starter")
    check.add_argument("file", nargs="?",
                       help="the file to check (default: exercises/<section>/<name>.py)")
    args = parser.parse_args(argv)
    known = exercises()
    if args.command == "list":
        for exercise in known.values():
            print(f"{exercise.name:20} {exercise.section:14} {_shown(exercise.starter)}")
        return 0
    if args.name == "all":
        if args.file:
            parser.error("'check all' checks the starter files; give no file")
        chosen = list(known.values())
    elif args.name in known:
        chosen = [known[args.name]]
    else:
        parser.error(f"no exercise {args.name!r}; choose one of: {', '.join(known)}")
    ok = True
    for exercise in chosen:
        passed, report = run(exercise, args.file)
        print(report)
        ok &= passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
