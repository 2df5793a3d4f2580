"""The `rotation-facts` command: a thin layer over the library.

Heavy modules (underthesea's model, pydantic models, trafilatura) are imported inside the
command that needs them, so `rotation-facts --help` answers at once.

Exit status: 0 when every article succeeded (or, for `eval`, scoring ran);
1 when some articles failed (their error records are written); 2 for a usage
error, with a message saying which.

Entry point: `main(argv)` (the `rotation-facts` console script).
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
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=".txt, .html, .jsonl(.gz/.zst), .csv, .parquet, .warc(.gz) files, directories, globs, "
                        "s3:// gs:// file:// URLs, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT.jsonl",
                   help="write here (atomically) instead of stdout; a URL (s3://...) too; with --engine dask, "
                        "DIR/ for numbered parts written by the workers and a manifest.json")
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
    _add_input_options(p)
    p.set_defaults(run=_extract)

    p = sub.add_parser("eval", help="score predictions against gold (P/R/F1 per fact type)")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("pred", metavar="PRED.jsonl")
    p.add_argument("--per-doc", action="store_true", help="list false positives and negatives per article")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(run=_eval)

    p = sub.add_parser("schema", help="print the JSON Schema of the output records")
    p.add_argument("--judgments", action="store_true", help="the schema of a judgments file's lines instead")
    p.set_defaults(run=_schema)
    _add_results_commands(sub)
    _add_dataset_command(sub)
    _add_judging_commands(sub)
    return parser


def _add_input_options(p: argparse.ArgumentParser) -> None:
    """Column names of tables and JSON Lines, and options for remote storage (pipeline/inputs/)."""
    for part, default in (("text", "text, content (or html)"), ("id", "doc_id, id"), ("url", "url"),
                          ("date", "published"), ("title", "title")):
        p.add_argument(f"--{part}-field", metavar="NAME",
                       help=f"the JSON key or table column holding the article's {part} (default: {default})")
    p.add_argument("--storage-option", action="append", default=[], metavar="KEY=VALUE",
                   help="an fsspec option for s3:// gs:// paths, e.g. endpoint_url=http://127.0.0.1:9000, "
                        "anon=true (repeat for several); credentials come from the usual places (AWS_* variables, ~/.aws)")


def _read_options(args: argparse.Namespace):
    """The readers' options from the command line."""
    from pipeline.inputs.read import Fields, ReadOptions

    try:
        storage = ReadOptions.parse_storage_options(args.storage_option)
    except ValueError as exc:
        raise UsageError(f"--storage-option {exc}") from None
    fields = Fields.named(text=args.text_field, id=args.id_field, url=args.url_field, date=args.date_field,
                          title=args.title_field)
    return ReadOptions(max_chars=getattr(args, "max_chars", ReadOptions.max_chars), fields=fields,
                       storage_options=storage)


def _add_results_commands(sub: argparse._SubParsersAction) -> None:
    """`review`, `diff`, `export`: commands over a facts file (pipeline/results/review.py, diff.py, export.py)."""
    p = sub.add_parser("review", help="one self-contained HTML page to spot-check facts in their articles")
    p.add_argument("facts", metavar="FACTS.jsonl", nargs="?", help="a facts file (or --dataset DIR and a row)")
    p.add_argument("--articles", nargs="+", required=True, metavar="PATH",
                   help="the articles the facts were extracted from (as given to extract, with the same --*-field options)")
    p.add_argument("-o", "--output", required=True, metavar="REVIEW.html")
    p.add_argument("--sample", type=int, metavar="N",
                   help="show N articles chosen at random; with --stratify, N facts")
    p.add_argument("--seed", type=int, default=0, help="random seed for --sample (default 0)")
    p.add_argument("--stratify", metavar="KEYS",
                   help="sample facts, not articles, in strata of type, source, site, province "
                        "(comma-separated, e.g. type,province; 'none' for one stratum)")
    p.add_argument("--allocation", choices=("proportional", "equal"),
                   help="with --stratify: draws per stratum proportional to its facts (default) or equal")
    _add_input_options(p)
    p.add_argument("--dataset", metavar="DIR", help="review one row of the dataset in DIR: its sources in their articles")
    row = p.add_mutually_exclusive_group()
    for table, flag in (("moves", "--move"), ("people", "--person"), ("documents", "--document"), ("counts", "--count")):
        row.add_argument(flag, metavar="ID", dest=f"row_{table}", help=f"with --dataset: the row of {table}.jsonl to review")
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


def _add_dataset_command(sub: argparse._SubParsersAction) -> None:
    """`dataset`: the research dataset across articles (pipeline/dataset/)."""
    p = sub.add_parser("dataset", help="one dataset across articles: moves, people, documents, counts (JSONL, Parquet, DuckDB)")
    p.add_argument("facts", nargs="+", metavar="FACTS.jsonl", help="outputs of extract")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="dataset directory (created)")
    p.add_argument("--add", action="store_true",
                   help="add these facts to the dataset in DIR (a doc_id already there is replaced by the new version)")
    p.add_argument("--overwrite", action="store_true", help="rebuild the dataset in DIR from these facts alone")
    p.add_argument("--articles", nargs="+", metavar="PATH",
                   help="the articles the facts came from: their texts give published dates and the unit each is about")
    p.add_argument("--no-report", action="store_true", help="skip report.html")
    p.set_defaults(run=_dataset)


def _dataset(args: argparse.Namespace) -> int:
    from pipeline.dataset import missing_dependencies

    missing = missing_dependencies()
    if missing:
        raise UsageError(f"needs {', '.join(missing)}: pip install 'rotation-facts[dataset]'")
    from pipeline.dataset import DatasetError, write_dataset

    for path in args.facts:
        _need_file(path)
    for path in args.articles or ():
        if not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    if args.add and args.overwrite:
        raise UsageError("--add and --overwrite: choose one")
    try:
        dataset = write_dataset(args.facts, args.output, add=args.add, overwrite=args.overwrite,
                                articles=args.articles, report=not args.no_report)
    except DatasetError as exc:
        raise UsageError(str(exc)) from exc
    print(f"{args.output}: {dataset.summary()}", file=sys.stderr)
    if dataset.loaded.replaced:
        shown = ", ".join(dataset.loaded.replaced[:10]) + (" ..." if len(dataset.loaded.replaced) > 10 else "")
        print(f"replaced by the newer extraction: {shown}", file=sys.stderr)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from pipeline.execution.job import RunArgumentError, run
    from pipeline.execution.parallel import default_jobs
    from pipeline.execution.parts import PartsError
    from pipeline.execution.resume import ResumeError
    from pipeline.inputs.locations import InputNotFound
    from pipeline.limits.memory import default_max_memory, parse_size
    from pipeline.stages.write import OutputBusy

    options = _read_options(args)
    jobs = args.jobs or default_jobs()
    try:
        max_memory = default_max_memory(jobs) if args.max_memory is None else parse_size(args.max_memory)
    except ValueError as exc:
        raise UsageError(f"--max-memory {args.max_memory}: {exc}") from None
    try:
        summary = run(args.paths, args.output, max_chars=args.max_chars, jobs=jobs, engine=args.engine,
                      scheduler=args.scheduler, show_progress=args.progress, timeout=args.timeout,
                      resume=args.resume, max_memory=max_memory, in_process=args.in_process, options=options)
    except (RunArgumentError, InputNotFound, ResumeError, OutputBusy, PartsError) as exc:
        raise UsageError(str(exc)) from exc
    print(summary.line(), file=sys.stderr)
    if summary.failed:
        print(f"{summary.failed} of {summary.articles} articles failed; their error records are in the output",
              file=sys.stderr)
    return 1 if summary.failed else 0


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

    from schemas.export import json_schema, judgments_json_schema

    print(json.dumps(judgments_json_schema() if args.judgments else json_schema(), ensure_ascii=False, indent=2))
    return 0


def _need_file(path: str) -> None:
    if not os.path.isfile(path):
        raise UsageError(f"no such file: {path}")


def _review(args: argparse.Namespace) -> int:
    from pipeline.inputs.locations import InputNotFound, check_exist
    from pipeline.results.facts_file import FactsFileError
    from pipeline.results.review import write_review

    rows = {t: getattr(args, f"row_{t}") for t in ("moves", "people", "documents", "counts") if getattr(args, f"row_{t}")}
    if args.dataset or rows:
        return _review_row(args, rows)
    if not args.facts:
        raise UsageError("give a FACTS.jsonl, or --dataset DIR with --move, --person, --document or --count ID")
    _need_file(args.facts)
    options = _read_options(args)
    try:
        check_exist(args.articles, options.storage())
    except InputNotFound as exc:
        raise UsageError(str(exc)) from None
    what = "facts" if args.stratify is not None else "articles"
    if args.sample is not None and args.sample < 1:
        raise UsageError(f"--sample {args.sample}: give a number of {what}, 1 or more")
    stratify = _stratify(args)
    if os.path.isdir(args.output):
        raise UsageError(f"-o {args.output} is a directory; give a file name such as review.html")
    if args.output != "-" and not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        raise UsageError(f"-o {args.output}: no such directory {os.path.dirname(args.output)}")
    try:
        review = write_review(args.facts, args.articles, args.output, sample=args.sample, seed=args.seed,
                              stratify=stratify, allocation=args.allocation or "proportional",
                              options=options)
    except FactsFileError as exc:
        raise UsageError(str(exc)) from exc
    print(f"{args.output}: {review.line()}", file=sys.stderr)
    return 0


def _stratify(args: argparse.Namespace) -> list[str] | None:
    if args.stratify is None:
        if args.allocation:
            raise UsageError("--allocation needs --stratify (it spreads a sample of facts over strata)")
        return None
    if args.sample is None:
        raise UsageError("--stratify needs --sample N, the number of facts to draw")
    from pipeline.results.sampling import parse_stratify

    try:
        return parse_stratify(args.stratify)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _review_row(args: argparse.Namespace, rows: dict[str, str]) -> int:
    from pipeline.dataset.review_row import RowNotFound, write_row_review

    if not args.dataset or len(rows) != 1 or args.facts:
        raise UsageError("review one dataset row: --dataset DIR and one of --move, --person, --document, --count ID "
                         "(no FACTS.jsonl)")
    if not os.path.isfile(os.path.join(args.dataset, "inputs", "manifest.json")):
        raise UsageError(f"--dataset {args.dataset}: not a dataset directory (no inputs/manifest.json)")
    (table, row_id), = rows.items()
    try:
        review = write_row_review(args.dataset, table, row_id, args.articles, args.output)
    except RowNotFound as exc:
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


def _add_judging_commands(sub: argparse._SubParsersAction) -> None:
    """`precision`, `judgments-to-gold`: commands over the judgments the review page exports."""
    p = sub.add_parser("precision", help="precision, recall, field accuracy, agreement from judgments, with 95%% intervals")
    p.add_argument("judgments", nargs="+", metavar="JUDGMENTS.jsonl", help="files exported by the review page")
    p.add_argument("--facts", metavar="FACTS.jsonl", help="the run judged: check every judgment against it")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.set_defaults(run=_precision)

    p = sub.add_parser("judgments-to-gold", help="the articles checked whole as a gold file for eval")
    p.add_argument("judgments", nargs="+", metavar="JUDGMENTS.jsonl")
    p.add_argument("--facts", required=True, metavar="FACTS.jsonl", help="the run judged")
    p.add_argument("-o", "--output", required=True, metavar="GOLD.jsonl")
    p.set_defaults(run=_judgments_to_gold)


def _read_judged_run(paths: list[str], facts: str | None):
    """The judgments and (when given) the run they judge, or a UsageError saying what is wrong."""
    from pipeline.results.facts_file import FactsFileError, load_run, run_identity
    from pipeline.results.judgments import JudgmentsError, read_judgments

    for path in [*paths, *([facts] if facts else [])]:
        _need_file(path)
    try:
        judgments = read_judgments(paths)
        run = load_run(facts) if facts else None
    except (JudgmentsError, FactsFileError) as exc:
        raise UsageError(str(exc)) from exc
    if not judgments.lines:
        raise UsageError(f"no judgments in {', '.join(paths)}")
    return judgments, run, (run_identity(facts) if facts else None)


def _precision(args: argparse.Namespace) -> int:
    import json

    from pipeline.results.judgments import JudgmentsError
    from pipeline.results.precision import format_report, report

    judgments, run, run_id = _read_judged_run(args.judgments, args.facts)
    try:
        result = report(judgments, run, run_id)
    except JudgmentsError as exc:
        raise UsageError(str(exc)) from exc
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else format_report(result))
    return 0


def _judgments_to_gold(args: argparse.Namespace) -> int:
    from pipeline.execution.job import RunArgumentError, check_output
    from pipeline.results.judgments import JudgmentsError
    from pipeline.results.to_gold import to_gold, write_gold

    try:
        check_output(args.output, [*args.judgments, args.facts])
    except RunArgumentError as exc:
        raise UsageError(str(exc)) from None
    judgments, run, run_id = _read_judged_run(args.judgments, args.facts)
    if judgments.run is not None and judgments.run != run_id:
        raise UsageError(f"the judgments are of run {judgments.run}, {args.facts} is run {run_id}")
    try:
        lines, left_out = to_gold(judgments, run)
    except JudgmentsError as exc:
        raise UsageError(str(exc)) from exc
    for doc_id, why in sorted(left_out.items()):
        print(f"left out {doc_id}: marked checked but {why}", file=sys.stderr)
    write_gold(lines, args.output)
    print(f"{args.output}: {len(lines)} articles checked whole", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
