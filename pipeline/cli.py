"""The `rotation-facts` command: a thin layer over the library.

Heavy modules (underthesea's model, pydantic models, trafilatura) are imported inside the
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
                   help="worker processes extracting while the main one reads and writes (Dask workers "
                        "with --engine dask); 0 = one per CPU (default 1)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes, or a Dask distributed cluster (needs rotation-facts[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster on 127.0.0.1)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: only when stderr is a terminal)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="time limit per article; over it, the article gets an error record "
                        "with code 'timeout' (default 300; 0 = no limit)")
    p.add_argument("--max-memory", metavar="SIZE",
                   help="memory one article may add to the process that extracts it (2G, 800M; 0 = no "
                        "limit); over it, the article gets an error record with code 'out_of_memory' "
                        "(default 2G, less on a machine with under 2G per job; not applied inside Dask workers, "
                        "whose own memory limit holds)")
    p.add_argument("--in-process", action="store_true",
                   help="extract in the main process, with no worker (for a debugger or a profiler); an "
                        "article that kills the process then ends the run, and --resume retries it alone")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run from OUT.jsonl.part (needs -o): finished "
                        "articles are kept, the rest processed; same output as an uninterrupted run")
    p.set_defaults(run=_extract)

    p = sub.add_parser("eval", help="score predictions against gold (P/R/F1 per fact type)")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("pred", metavar="PRED.jsonl")
    p.add_argument("--per-doc", action="store_true", help="list false positives and negatives per article")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(run=_eval)

    p = sub.add_parser("schema", help="print the JSON Schema of the output records")
    p.set_defaults(run=_schema)
    _add_dataset_commands(sub)
    return parser


def _add_dataset_commands(sub: argparse._SubParsersAction) -> None:
    """`review`, `diff`, `export`: commands over a facts file (pipeline/results/review.py, diff.py, export.py)."""
    p = sub.add_parser("review", help="one self-contained HTML page to spot-check facts in their articles")
    p.add_argument("facts", metavar="FACTS.jsonl")
    p.add_argument("--articles", nargs="+", required=True, metavar="PATH",
                   help="the articles the facts were extracted from (as given to extract)")
    p.add_argument("-o", "--output", required=True, metavar="REVIEW.html")
    p.add_argument("--sample", type=int, metavar="N", help="show N articles chosen at random")
    p.add_argument("--seed", type=int, default=0, help="random seed for --sample (default 0)")
    p.set_defaults(run=_review)

    p = sub.add_parser("diff", help="semantic diff of two runs (exit 1 when they differ)")
    p.add_argument("old", metavar="OLD.jsonl")
    p.add_argument("new", metavar="NEW.jsonl")
    p.add_argument("--stat", action="store_true", help="only the totals")
    p.add_argument("--json", action="store_true", help="print the differences as JSON")
    p.set_defaults(run=_diff)

    p = sub.add_parser("export", help="flat tables (CSV or Parquet) for pandas, R, DuckDB")
    p.add_argument("facts", metavar="FACTS.jsonl")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv", help="default csv")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="directory for the tables (created)")
    p.set_defaults(run=_export)


def _extract(args: argparse.Namespace) -> int:
    _check_output(args.output, args.paths)
    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    if args.jobs < 0:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes, or 0 for one per CPU")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if args.in_process and (args.jobs != 1 or args.engine != "local"):
        raise UsageError("--in-process runs one job in the main process: not with --jobs or --engine dask")
    if args.resume and args.output in (None, "-"):
        raise UsageError("--resume needs -o OUT.jsonl (the run to continue)")
    if args.timeout is not None and args.timeout < 0:
        raise UsageError(f"--timeout {args.timeout:g}: give seconds, or 0 for no limit")
    if args.max_chars < 1:
        raise UsageError(f"--max-chars {args.max_chars}: give a positive number of characters")
    from pipeline.execution.memory import default_max_memory, parse_size
    from pipeline.execution.parallel import default_jobs
    from pipeline.execution.resume import ResumeError
    from pipeline.runner import run
    from pipeline.stages.write import OutputBusy

    jobs = args.jobs or default_jobs()
    try:
        max_memory = default_max_memory(jobs) if args.max_memory is None else parse_size(args.max_memory)
    except ValueError as exc:
        raise UsageError(f"--max-memory {args.max_memory}: {exc}") from None
    try:
        summary = run(args.paths, args.output, max_chars=args.max_chars, jobs=jobs, engine=args.engine,
                      scheduler=args.scheduler, show_progress=args.progress, timeout=args.timeout,
                      resume=args.resume, max_memory=max_memory, in_process=args.in_process)
    except (ResumeError, OutputBusy) as exc:
        raise UsageError(str(exc)) from exc
    print(summary.line(), file=sys.stderr)
    if summary.failed:
        print(f"{summary.failed} of {summary.articles} articles failed; their error records are in the output",
              file=sys.stderr)
    return 1 if summary.failed else 0


def _check_output(output: str | None, paths: list[str]) -> None:
    if output in (None, "-"):
        return
    if os.path.isdir(output):
        raise UsageError(f"-o {output} is a directory; give a file name such as {output.rstrip('/')}/facts.jsonl")
    parent = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(parent):
        raise UsageError(f"-o {output}: no such directory {parent}")
    from pipeline.inputs.read import input_files

    target = os.path.realpath(output)
    if any(os.path.realpath(f) == target for f in input_files(paths)):
        raise UsageError(f"-o {output} is one of the inputs; refusing to overwrite it")


def _eval(args: argparse.Namespace) -> int:
    import json

    from pipeline.results.evaluate import format_report, score

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


def _need_file(path: str) -> None:
    if not os.path.isfile(path):
        raise UsageError(f"no such file: {path}")


def _review(args: argparse.Namespace) -> int:
    from pipeline.results.facts_file import FactsFileError
    from pipeline.results.review import write_review

    _need_file(args.facts)
    for path in args.articles:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    if args.sample is not None and args.sample < 1:
        raise UsageError(f"--sample {args.sample}: give a number of articles, 1 or more")
    if os.path.isdir(args.output):
        raise UsageError(f"-o {args.output} is a directory; give a file name such as review.html")
    if args.output != "-" and not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        raise UsageError(f"-o {args.output}: no such directory {os.path.dirname(args.output)}")
    try:
        review = write_review(args.facts, args.articles, args.output, sample=args.sample, seed=args.seed)
    except FactsFileError as exc:
        raise UsageError(str(exc)) from exc
    print(f"{args.output}: {review.line()}", file=sys.stderr)
    return 0


def _diff(args: argparse.Namespace) -> int:
    import json

    from pipeline.results.diff import diff_files, diff_json, format_diff
    from pipeline.results.facts_file import FactsFileError

    for path in (args.old, args.new):
        _need_file(path)
    try:
        diff = diff_files(args.old, args.new)
    except FactsFileError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print(json.dumps(diff_json(diff), ensure_ascii=False, indent=1))
    else:
        print(format_diff(diff, args.old, args.new, stat_only=args.stat))
    return 1 if diff.differs else 0


def _export(args: argparse.Namespace) -> int:
    from pipeline.results.export import export
    from pipeline.results.facts_file import FactsFileError

    _need_file(args.facts)
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        raise UsageError(f"-o {args.output} is a file; give a directory")
    try:
        written = export(args.facts, args.output, args.format)
    except (FactsFileError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    for path, rows in written.values():
        print(f"{path}: {rows} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
