"""display() and displayHTML(), as Databricks notebooks have them.

A Spark DataFrame shows as a table of its first rows (CDKTF_SPARK_DISPLAY_ROWS, 1000 by default), fetching
only one more than that to know whether there are more; a pandas or pandas-on-Spark frame (or Series) and
a list of records (Rows, dbutils.fs.ls's FileInfo) likewise. Each table is sent as HTML and as a fixed-width
text table, so text-only readers (a headless run, a test) see the rows too. A streaming DataFrame is not
run. Anything else goes to IPython's display.

pandas and pyspark are recognised by their classes' module names, so this module imports neither.
"""
import html
import numbers
import os

ROWS_ENV = "CDKTF_SPARK_DISPLAY_ROWS"

STREAMING = ("This is a streaming DataFrame, which display() would have to run forever: write it with writeStream "
             "(e.g. df.writeStream.toTable(\"events\") for a Delta table, or .format(\"memory\").queryName(\"events\").start()), "
             "then display(spark.table(\"events\")).")


def row_limit():
    raw = os.environ.get(ROWS_ENV, "1000")
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError("%s must be a whole number of rows (at least 1), not %r" % (ROWS_ENV, raw))
    return int(raw)


def _kind(x):
    module, name = type(x).__module__, type(x).__name__
    if name == "DataFrame" and module.startswith("pyspark.sql"):
        return "spark"
    if name in ("DataFrame", "Series") and module.startswith("pyspark.pandas"):
        return "pandas-on-spark"
    if name in ("DataFrame", "Series") and module.startswith("pandas."):
        return "pandas"
    if isinstance(x, (list, tuple)) and x and len({_fields(item) for item in x}) == 1 and _fields(x[0]):
        return "records"
    return None


def _fields(item):
    """A record's field names: a namedtuple's (FileInfo) or a Spark Row's; None for anything else."""
    if isinstance(item, tuple):
        return tuple(getattr(item, "_fields", None) or getattr(item, "__fields__", None) or ()) or None
    return None


def cell_text(value):
    """A value as Spark's show() writes it: null, true/false, [a, b], {k -> v}, {struct, fields}."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if _fields(value):
        return "{%s}" % ", ".join(cell_text(item) for item in value)
    if isinstance(value, (list, tuple)):
        return "[%s]" % ", ".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return "{%s}" % ", ".join("%s -> %s" % (cell_text(k), cell_text(v)) for k, v in value.items())
    return str(value)


def _limit_line(limit):
    return "Showing the first {:,} rows.".format(limit)


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool)  # numpy's and Decimal count


def text_table(columns, rows, more, limit, width=60):
    """A fixed-width table: a header, a rule, one line per row; numbers right-aligned, each cell cut to
    `width` characters."""
    def cut(text):
        return text if len(text) <= width else text[:width - 3] + "..."
    header = [cut(str(column)) for column in columns]
    body = [[cut(cell_text(value)) for value in row] for row in rows]
    widths = [max([len(header[i])] + [len(row[i]) for row in body]) for i in range(len(header))]
    right = [bool(rows) and all(_is_number(row[i]) or row[i] is None for row in rows) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()
    lines = [line(header), line(["-" * w for w in widths])] + [line(row) for row in body]
    if more:
        lines.append(_limit_line(limit))
    return "\n".join(lines)


def html_table(columns, rows, more, limit):
    head = "".join("<th>%s</th>" % html.escape(str(column)) for column in columns)
    body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(cell_text(value)) for value in row) for row in rows)
    note = "<p>%s</p>" % _limit_line(limit) if more else ""
    return "<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>%s" % (head, body, note)


def show_table(columns, rows, limit):
    """Shows up to `limit` of `rows` (fetched: up to limit + 1, the extra one only saying there are more)."""
    from IPython.display import display as ipython_display

    more, rows = len(rows) > limit, rows[:limit]
    ipython_display({"text/plain": text_table(columns, rows, more, limit), "text/html": html_table(columns, rows, more, limit)}, raw=True)


def _show_pandas(frame, limit):
    if type(frame).__name__ == "Series":
        frame = frame.to_frame()
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()  # a named index is data; the default 0..n one is not shown, as on Databricks
    show_table(list(frame.columns), list(frame.head(limit + 1).itertuples(index=False, name=None)), limit)


def display(x, *args, **kwargs):
    """Databricks' display(): a table for a Spark, pandas or pandas-on-Spark frame or a list of records
    (other keyword arguments, Databricks' chart and stream options, do not apply here); IPython's display
    for anything else."""
    kind = _kind(x)
    if kind == "spark":
        if x.isStreaming:
            print(STREAMING)
            return
        limit = row_limit()
        show_table(x.columns, [tuple(row) for row in x.limit(limit + 1).collect()], limit)
    elif kind == "pandas-on-spark":
        limit = row_limit()
        _show_pandas(x.head(limit + 1).to_pandas(), limit)
    elif kind == "pandas":
        _show_pandas(x, row_limit())
    elif kind == "records":
        limit = row_limit()
        show_table(list(_fields(x[0])), [tuple(item) for item in x[:limit + 1]], limit)
    else:
        from IPython.display import display as ipython_display

        ipython_display(x, *args, **kwargs)


def displayHTML(html_text):
    """Databricks' displayHTML(): renders an HTML string."""
    from IPython.display import HTML, display as ipython_display

    ipython_display(HTML(html_text))
