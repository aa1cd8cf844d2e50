"""Databricks' "source" notebook format (File > Export > Source file; what Repos and bundles keep) <-> nbformat v4.

    # Databricks notebook source
    df = spark.table("trips")

    # COMMAND ----------

    # DBTITLE 1,Busiest days
    # MAGIC %sql
    # MAGIC SELECT day, count(*) FROM trips GROUP BY day

Reading gives each cell its IPython form: %md (and %md-sandbox) cells become Markdown cells; %sql, %sh,
%scala and %r cells become %%sql, %%sh, %%scala and %%r cells (this package's cell magics); %python cells
plain code; line magics (%run, %fs, %pip) stay as they are. A DBTITLE goes where Databricks' own .ipynb
export keeps it, the cell's "application/vnd.databricks.v1+cell" metadata. Writing does the reverse, so
a notebook read and written again is the same text, but for two normalisations: text after a magic
on its first line (# MAGIC %md ## Title) moves to the next line, and empty "# MAGIC" lines lose the
trailing space older exports have.
"""
import json
import os
import re

HEADER = "# Databricks notebook source"
SEPARATOR = "# COMMAND ----------"
MAGIC = "# MAGIC"
CELL_METADATA = "application/vnd.databricks.v1+cell"

_TITLE = re.compile(r"# DBTITLE (\d+),(.*)$")
_MAGIC_LINE = re.compile(r"%([\w-]+)(.*)$")
_IPYTHON_CELL_MAGIC = re.compile(r"%%(\w+)(.*)$")
_CELL_MAGICS = ("sql", "sh", "scala", "r")  # Databricks %x cell <-> IPython %%x cell
_MARKDOWN = ("md", "md-sandbox")
_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def is_source_file(path):
    """Whether `path` is a file in Databricks' source format (its first line says so)."""
    try:
        with open(path, "rb") as f:
            return f.readline(len(HEADER) + 3).rstrip(b"\r\n") == HEADER.encode()
    except OSError:
        return False


def _trim(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _cell(lines):
    """(cell_type, source, metadata) of one cell's lines."""
    metadata = {}
    title = _TITLE.match(lines[0]) if lines else None
    if title:
        metadata[CELL_METADATA] = {"title": title.group(2), "showTitle": title.group(1) == "1"}
        lines = lines[1:]
    if not lines or not all(line == MAGIC or line.startswith(MAGIC + " ") for line in lines):
        return "code", "\n".join(lines), metadata
    lines = [line[len(MAGIC) + 1:] for line in lines]
    magic = _MAGIC_LINE.match(lines[0])
    name, rest = (magic.group(1), magic.group(2)) if magic else (None, "")
    # What follows the magic on its line moves to a line of its own: IPython needs a cell magic's body below it.
    body = ([rest.strip()] if rest.strip() else []) + lines[1:]
    if name in _MARKDOWN:
        return "markdown", "\n".join(body), metadata
    if name in _CELL_MAGICS:
        lines = ["%%" + name] + body
    elif name == "python":
        lines = body
    return "code", "\n".join(lines), metadata


def cells(text):
    """(cell_type, source, metadata) of each cell of a Databricks source file's text, in IPython form. Plain
    Python: %run uses it in the kernel, where importing nbformat would cost seconds (jsonschema's format checks)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].rstrip() != HEADER:
        raise ValueError("not a Databricks source notebook: its first line is not %r" % HEADER)
    if not any(line.strip() for line in lines[1:]):
        return []
    chunks, current = [], []
    for line in lines[1:]:
        if line.rstrip() == SEPARATOR:
            chunks.append(current)
            current = []
        else:
            current.append(line)
    chunks.append(current)
    return [_cell(_trim(chunk)) for chunk in chunks]


def reads(text):
    """An nbformat v4 notebook from the text of a Databricks source file."""
    import nbformat.v4

    new_cell = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": dict(_KERNELSPEC), "language_info": {"name": "python"}})
    notebook.cells = [new_cell[kind](source, metadata=metadata) for kind, source, metadata in cells(text)]
    return notebook


def code_cells(path):
    """The sources of the code cells of an .ipynb or Databricks source notebook, read without nbformat."""
    with open(path, encoding="utf-8") as f:
        if not path.endswith(".ipynb"):
            return [source for kind, source, _ in cells(f.read()) if kind == "code"]
        return ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for cell in json.load(f)["cells"] if cell["cell_type"] == "code"]


def _source_lines(cell):
    source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    return source.rstrip("\n").split("\n")


def _databricks_lines(cell):
    title = cell.get("metadata", {}).get(CELL_METADATA, {}).get("title")
    head = ["# DBTITLE %d,%s" % (1 if cell.metadata[CELL_METADATA].get("showTitle", True) else 0, title)] if title else []
    lines = _source_lines(cell)
    if cell.cell_type != "code":
        magic = ["%md"] + lines if any(lines) else ["%md"]
    else:
        cell_magic = _IPYTHON_CELL_MAGIC.match(lines[0])
        if cell_magic and cell_magic.group(1) in _CELL_MAGICS:
            magic = ["%" + cell_magic.group(1) + cell_magic.group(2)] + lines[1:]
        elif lines[0].startswith("%") and not lines[0].startswith("%%"):
            magic = lines  # %run, %fs, %pip, or a Databricks single-% cell as in Databricks' .ipynb exports
        else:
            return head + lines
    return head + [MAGIC + (" " + line if line else "") for line in magic]


def writes(notebook):
    """The text of a Databricks source file for an nbformat v4 notebook. Outputs are not kept: the
    format has none."""
    cells = ["\n".join(_databricks_lines(cell)) for cell in notebook.cells]
    return HEADER + "\n" + ("\n\n" + SEPARATOR + "\n\n").join(cells) + "\n"


def read(path):
    """An nbformat v4 notebook from an .ipynb file or a Databricks source file."""
    if path.endswith(".ipynb"):
        import nbformat

        return nbformat.read(path, as_version=4)
    if not is_source_file(path):
        raise ValueError("%s is neither an .ipynb notebook nor a Databricks source notebook (first line %r)" % (path, HEADER))
    with open(path, encoding="utf-8") as f:
        return reads(f.read())


def find_notebook(path, folder, call):
    """The file a Databricks notebook path names, relative to `folder` (the calling notebook's) unless
    absolute: <path>.py in the source format, <path>.ipynb, <path> itself, or else a plain <path>.py."""
    base = os.path.normpath(os.path.join(folder, os.path.expanduser(path)))
    if os.path.isfile(base + ".py") and is_source_file(base + ".py"):
        return base + ".py"
    for candidate in (base + ".ipynb", base, base + ".py"):  # the plain .py last: a script, for IPython's %run
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(
        "%s: no notebook %s(.py|.ipynb); notebooks here are files under JupyterLab's folder, named by a path "
        "relative to the calling notebook (Databricks workspace paths such as /Users/... do not exist)" % (call, base))
