"""The summary report: one self-contained HTML page of the dataset's main views.

Five sections, each a chart and the table behind it (the rows of a DuckDB view
of `store.VIEWS`): moves per year by direction, the share of non-local postings by
year, level and post type, people rotated by province (from the counts), the most
cited documents, the people with the most moves. Charts
are matplotlib SVG written into the page: no script, no network (a
Content-Security-Policy forbids any load), and the same dataset gives the same
bytes (SVG ids salted with a fixed value, no date in the metadata).

Entry points: `build_report(dataset) -> str`, `write_report(dataset, path)`.
"""

from __future__ import annotations

import html
import io
import os
from importlib import resources
from pathlib import Path
from string import Template

from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

TOP = 15  # rows shown in the "most" charts
MAX_BAR_LABELS = 60  # bars labelled with their counts, up to this many
DIRECTION_COLOURS = {"down": "#1b9e77", "up": "#d95f02", "lateral": "#7570b3", "mixed": "#e7298a", "unknown": "#999999"}
# The post types of the non-local section (schemas.dataset.PostType), in the chart's order, with their colours.
POST_TYPES = {"all": ("all posts", "#444444"), "party_secretary": ("Party secretary", "#1b9e77"),
              "chairman": ("chairman (People's Committee)", "#d95f02"), "police": ("police chief", "#7570b3"),
              "court_procuracy": ("chief judge or procurator", "#e7298a"),
              "deputy_party_secretary": ("deputy Party secretary", "#66a61e"), "other": ("other posts", "#bbbbbb")}


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _svg(draw) -> str:
    """An SVG figure drawn by `draw(ax)`, ready to inline: fixed ids, no metadata, text as text."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.hashsalt": "rotation-facts", "svg.fonttype": "none",
                                "font.family": "DejaVu Sans", "font.size": 10}):
        fig = Figure(figsize=(9, 4.2))
        ax = fig.add_subplot()
        draw(ax)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: inline SVG needs neither


def _table(columns: list[str], rows: list[tuple]) -> str:
    if not rows:
        return '<p class="none">no rows</p>'
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f'<td class="n">{_e(v)}</td>' if isinstance(v, (int, float)) else f"<td>{_e(v)}</td>"
                                    for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="#777")
    ax.set_axis_off()


def _moves_chart(rows: list[tuple]) -> str:
    years = sorted({r[0] for r in rows if r[0] is not None})
    directions = [d for d in DIRECTION_COLOURS if any(r[1] == d and r[0] is not None for r in rows)]

    def draw(ax) -> None:
        if not years:
            return _no_data(ax)
        bottom = [0] * len(years)
        for d in directions:
            values = [sum(r[2] for r in rows if r[0] == y and r[1] == d) for y in years]
            ax.bar([str(y) for y in years], values, bottom=bottom, label=d, color=DIRECTION_COLOURS[d])
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("moves")
        ax.set_title("Moves of named officials per year, by direction (dated moves)")
        ax.legend(handles=[Patch(color=DIRECTION_COLOURS[d], label=d) for d in directions], frameon=False,
                  loc="upper left", bbox_to_anchor=(1.01, 1))  # beside the bars, never over one
    return _svg(draw)


def _nonlocal_shares(rows: list[tuple]) -> dict[tuple[int, str], tuple[int, int]]:
    """(year, post type or 'all') -> (non-local, known) over the levels, dated postings only."""
    shares: dict[tuple[int, str], tuple[int, int]] = {}
    for year, _, kind, _, known, non_local, _ in rows:
        if year is None or not known:
            continue
        for key in ((year, kind or "other"), (year, "all")):
            n, k = shares.get(key, (0, 0))
            shares[key] = (n + non_local, k + known)
    return shares


def _nonlocal_chart(rows: list[tuple]) -> str:
    shares = _nonlocal_shares(rows)
    years = sorted({y for y, _ in shares})
    kinds = [k for k in POST_TYPES if any((y, k) in shares for y in years)]

    def draw(ax) -> None:
        if not years:
            return _no_data(ax)
        width = 0.8 / len(kinds)
        for n, kind in enumerate(kinds):
            xs = [i + (n - (len(kinds) - 1) / 2) * width for i, y in enumerate(years) if (y, kind) in shares]
            counts = [shares[(y, kind)] for y in years if (y, kind) in shares]
            bars = ax.bar(xs, [n / k for n, k in counts], width=width, color=POST_TYPES[kind][1],
                          label=POST_TYPES[kind][0])
            if len(years) * len(kinds) <= MAX_BAR_LABELS:  # "non-local/known": a share of 0 shows too
                ax.bar_label(bars, labels=[f"{n}/{k}" for n, k in counts], fontsize=7, padding=1)
        ax.set_xticks(range(len(years)), labels=[str(y) for y in years])
        ax.set_ylim(0, 1.08)
        ax.set_ylabel("share non-local")
        ax.set_title("Share of postings outside the home province, by year and post type")
        ax.legend(handles=[Patch(color=POST_TYPES[k][1], label=POST_TYPES[k][0]) for k in kinds], frameon=False,
                  loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(draw)


def _barh(labels: list[str], values: list[int], title: str, xlabel: str) -> str:
    def draw(ax) -> None:
        if not labels:
            return _no_data(ax)
        ax.barh(range(len(labels)), values, color="#4c72b0")
        ax.set_yticks(range(len(labels)), labels=labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    return _svg(draw)


def _section(ident: str, title: str, chart: str, table: str, note: str = "") -> str:
    return (f'<section id="{ident}"><h2>{_e(title)}</h2>{f"<p>{_e(note)}</p>" if note else ""}'
            f'<div class="chart">{chart}</div>'
            f'<details open><summary>the table behind the chart</summary>{table}</details></section>')


def build_report(dataset) -> str:
    """The report page of a `Dataset`."""
    db = dataset.duckdb()
    moves = db.sql("select year, direction, moves, article_reports from moves_by_year_direction").fetchall()
    nonlocal_rows = db.sql("""select year, level, post_type, postings, known, non_local, share_non_local
                              from nonlocal_by_year_level_type""").fetchall()
    provinces = db.sql("""select coalesce(province, '(unknown)') as province, sum(people)::bigint as people,
                                 sum(counts)::bigint as counts
                          from counts_by_province_year group by all order by people desc, province""").fetchall()
    documents = db.sql(f"""select document, kind, coalesce(province, scope) as reach, issued, issuer, n_articles,
                                  n_mentions from top_documents limit {TOP}""").fetchall()
    people = db.sql(f"""select name, n_moves, n_articles, array_to_string(provinces, ', '), person_id
                        from people_most_moves limit {TOP}""").fetchall()
    db.close()
    sections = [
        _section("moves", "Moves per year by direction", _moves_chart(moves),
                 _table(["year", "direction", "moves", "article reports"], moves),
                 "One bar segment per direction (from the levels of the posts moved from and to); "
                 "undated moves are in the table only."),
        _section("nonlocal", "Non-local postings by year, level and post type", _nonlocal_chart(nonlocal_rows),
                 _table(["year", "level", "post type", "postings", "home and destination known", "non-local",
                         "share non-local"],
                        [(y, lv, POST_TYPES.get(k or "other", (k,))[0], *rest) for y, lv, k, *rest in nonlocal_rows]),
                 "Moves to a post below the centre; non-local when the post lies outside the person's home province, "
                 "both compared in the provinces in force at the move's date (63 before 1 July 2025, 34 since). "
                 "The chart shares are of the postings whose two provinces are known, over all levels; undated "
                 "postings are in the table only."),
        _section("counts", "People rotated, by province (counts)",
                 _barh([r[0] for r in provinces[:TOP]], [r[1] for r in provinces[:TOP]],
                       "People rotated by province (sum of reported totals)", "people"),
                 _table(["province", "people", "counts"], provinces),
                 "Totals of the counts articles report (parts of a total and planned rotations left out), "
                 "by the province the article is about; a count restated by several articles is counted once."),
        _section("documents", "Most cited documents",
                 _barh([f"{r[0]} ({r[1]}, {r[2]})" for r in documents], [r[5] for r in documents],
                       "Most cited documents (articles citing)", "articles"),
                 _table(["document", "kind", "reach", "issued", "issuer", "articles", "mentions"], documents),
                 "A central symbol is one document nationwide; a province's symbol is one document within its province."),
        _section("people", "People with the most moves",
                 _barh([r[0] for r in people], [r[1] for r in people], "People with the most moves", "moves"),
                 _table(["name", "moves", "articles", "provinces", "person_id"], people)),
    ]
    page = resources.files("pipeline").joinpath("data", "dataset", "report.html").read_text("utf-8")
    return Template(page).substitute(title="rotation-facts dataset report", summary=_e(dataset.summary()),
                                     sections="\n".join(sections))


def write_report(dataset, path: str | Path) -> Path:
    path = Path(path)
    part = path.with_name(path.name + ".part")
    part.write_text(build_report(dataset), encoding="utf-8")
    os.replace(part, path)
    return path
