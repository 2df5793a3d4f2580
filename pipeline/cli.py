"""The `rotation-facts` command: a thin layer over the library.

Heavy modules (spaCy, underthesea, pydantic models) are imported inside the
command that needs them, so `rotation-facts --help` answers at once.

Exit status: 0 when every article succeeded (or, for `eval`, scoring ran);
1 when some articles failed (their error records are written); 2 for a usage
error, with a message saying which.
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"rotation-facts {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


class UsageError(Exception):
    """A mistake in how the command was called."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rotation-facts",
        description="Extract cadre-rotation facts (citations, counts, officials) from Vietnamese news.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="extract facts from articles to JSON Lines")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .jsonl files, directories, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT.jsonl", help="write here (atomically) instead of stdout")
    p.add_argument("--max-chars", type=int, default=5_000_000, help="refuse articles longer than this (default 5,000,000)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="worker processes (Dask workers with --engine dask); 0 = one per CPU (default 1)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes, or a Dask distributed cluster (needs rotation-facts[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster on 127.0.0.1)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: only when stderr is a terminal)")
    p.set_defaults(run=_extract)

    p = sub.add_parser("eval", help="score predictions against gold (P/R/F1 per fact type)")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("pred", metavar="PRED.jsonl")
    p.add_argument("--per-doc", action="store_true", help="list false positives and negatives per article")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(run=_eval)

    p = sub.add_parser("schema", help="print the JSON Schema of the output records")
    p.set_defaults(run=_schema)
    return parser


def _extract(args: argparse.Namespace) -> int:
    from pipeline.read import input_files

    _check_output(args.output, args.paths)
    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    if args.jobs < 0:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes, or 0 for one per CPU")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    from pipeline.parallel import default_jobs
    from pipeline.runner import run

    jobs = args.jobs or default_jobs()
    summary = run(args.paths, args.output, max_chars=args.max_chars, jobs=jobs, engine=args.engine,
                  scheduler=args.scheduler, show_progress=args.progress)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _check_output(output: str | None, paths: list[str]) -> None:
    if output in (None, "-"):
        return
    if os.path.isdir(output):
        raise UsageError(f"-o {output} is a directory; give a file name such as {output.rstrip('/')}/facts.jsonl")
    from pipeline.read import input_files

    target = os.path.realpath(output)
    if any(os.path.realpath(f) == target for f in input_files(paths)):
        raise UsageError(f"-o {output} is one of the inputs; refusing to overwrite it")


def _eval(args: argparse.Namespace) -> int:
    import json

    from pipeline.evaluate import format_report, score

    for path in (args.gold, args.pred):
        if not os.path.isfile(path):
            raise UsageError(f"no such file: {path}")
    try:
        result = score(args.gold, args.pred)
    except (ValueError, KeyError) as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_report(result, per_doc=args.per_doc))
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from schemas.export import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
