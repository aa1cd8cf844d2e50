"""Databricks' source format <-> nbformat: cells, their IPython form, titles, and a stable round trip."""
import nbformat
import pytest

from conftest import HERE
from cdktf_spark_notebook import source_format

SAMPLES = HERE / "samples"


def test_a_databricks_export_reads_as_a_notebook_of_ipython_cells():
    notebook = source_format.reads((SAMPLES / "daily_orders.py").read_text())
    nbformat.validate(notebook)
    kinds = [(cell.cell_type, cell.source.split("\n")[0]) for cell in notebook.cells]
    assert kinds == [
        ("markdown", "# Daily orders"),
        ("code", "%run ./order_helpers"),
        ("code", 'dbutils.widgets.text("run_date", "2024-01-31", "Run date")'),
        ("code", "%%sql"),
        ("code", "summary = _sqldf.toPandas()"),
        ("code", "%fs ls dbfs:/tmp/orders/"),
        ("code", "%%sh"),
        ("code", "%%scala"),
        ("code", "print(banner(run_date))"),
        ("code", "%pip install tabulate==0.9.0"),
        ("code", 'dbutils.notebook.exit(f"{len(summary)} regions")'),
    ]
    assert notebook.cells[0].source == ("# Daily orders\n\nLoads the day's orders and reports them by region. "
                                        "Parameters: `run_date`, `region`.")
    sql = notebook.cells[3]
    assert sql.source.split("\n")[1:3] == ["-- a view of the day; the ; in this comment is not a separator",
                                           "CREATE OR REPLACE TEMPORARY VIEW day_orders AS"]
    assert sql.metadata[source_format.CELL_METADATA] == {"title": "Orders of the day", "showTitle": True}
    assert notebook.cells[4].metadata[source_format.CELL_METADATA] == {"title": "Hidden title", "showTitle": False}
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("sample", ["daily_orders.py", "order_helpers.py"])
def test_reading_and_writing_gives_back_the_same_text(sample):
    text = (SAMPLES / sample).read_text()
    assert source_format.writes(source_format.reads(text)) == text


def test_an_ipynb_with_ipython_and_databricks_magics_writes_as_databricks_source():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\ntext"),
        nbformat.v4.new_code_cell("%%sql\nSELECT 1"),
        nbformat.v4.new_code_cell("%sh\necho hi"),  # as in Databricks' own .ipynb exports
        nbformat.v4.new_code_cell("x = 1\n"),
    ])
    assert source_format.writes(notebook) == "\n".join([
        "# Databricks notebook source",
        "# MAGIC %md", "# MAGIC # Title", "# MAGIC text", "",
        "# COMMAND ----------", "",
        "# MAGIC %sql", "# MAGIC SELECT 1", "",
        "# COMMAND ----------", "",
        "# MAGIC %sh", "# MAGIC echo hi", "",
        "# COMMAND ----------", "",
        "x = 1", "",
    ])


def test_older_exports_are_normalised_once_then_stable():
    older = "\n".join([
        "# Databricks notebook source",
        "# MAGIC %md ## Setup",
        "# MAGIC ",
        "# MAGIC More text",
        "",
        "# COMMAND ----------",
        "",
        "# MAGIC %python",
        "# MAGIC x = 1",
        "",
        "# COMMAND ----------",
        "",
        "# MAGIC %sql SELECT 1",
        "",
    ])
    notebook = source_format.reads(older)
    assert [cell.source for cell in notebook.cells] == ["## Setup\n\nMore text", "x = 1", "%%sql\nSELECT 1"]
    once = source_format.writes(notebook)
    assert "# MAGIC %md\n# MAGIC ## Setup\n# MAGIC\n# MAGIC More text" in once
    assert source_format.writes(source_format.reads(once)) == once


def test_find_notebook_resolves_like_databricks_run(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "helpers.py").write_text("# Databricks notebook source\nx = 1\n")
    (tmp_path / "report.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    (tmp_path / "script.py").write_text("print('plain')\n")
    assert source_format.find_notebook("./lib/helpers", str(tmp_path), "%run") == str(tmp_path / "lib" / "helpers.py")
    assert source_format.find_notebook("../report", str(tmp_path / "lib"), "%run") == str(tmp_path / "report.ipynb")
    assert source_format.find_notebook("script", str(tmp_path), "%run") == str(tmp_path / "script.py")
    with pytest.raises(FileNotFoundError, match=r"%run ./missing: no notebook .*missing\(\.py\|\.ipynb\).*/Users/"):
        source_format.find_notebook("./missing", str(tmp_path), "%run ./missing")


def test_read_refuses_a_plain_python_file(tmp_path):
    (tmp_path / "script.py").write_text("print('plain')\n")
    with pytest.raises(ValueError, match="neither an .ipynb notebook nor a Databricks source notebook"):
        source_format.read(str(tmp_path / "script.py"))


def test_code_cells_reads_both_formats_without_nbformat(tmp_path):
    (tmp_path / "a.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# no"), nbformat.v4.new_code_cell("x = 1\ny = 2")])))
    assert source_format.code_cells(str(tmp_path / "a.ipynb")) == ["x = 1\ny = 2"]
    assert source_format.code_cells(str(SAMPLES / "order_helpers.py")) == [
        "# Definitions for daily_orders (its %run puts them in the caller's namespace).\n\n"
        "def banner(day):\n    return f\"orders of {day}\"",
        "helper_loaded = True",
    ]
