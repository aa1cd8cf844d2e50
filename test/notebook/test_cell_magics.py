"""Databricks' single-% cells, %%sh, %fs and %run in an IPython shell."""
import pytest

from conftest import HERE, run
from fakes import FakeFiles
from cdktf_spark_notebook.cell_magics import databricks_cell_magic


@pytest.mark.parametrize("cell, transformed", [
    ("%sql\nSELECT 1\n", "%%sql\nSELECT 1\n"),
    ("%sql SELECT 1", "%%sql\nSELECT 1\n"),
    ("%md-sandbox\n<b>x</b>\n", "%%md\n<b>x</b>\n"),
    ("%md", "%%md\n\n"),
    ("%python\nx = 1\n", "x = 1\n"),
    ("%python x = 1", "x = 1\n"),
    ("%r\nx <- 1\n", "%%r\nx <- 1\n"),
    ("%%sql\nSELECT 1\n", "%%sql\nSELECT 1\n"),
    ("%run ./other\n", "%run ./other\n"),
    ("%sqlite\n", "%sqlite\n"),
    ("x = 1\n%sql SELECT 1\n", "x = 1\n%sql SELECT 1\n"),
])
def test_a_databricks_first_line_makes_the_whole_cell_that_language(cell, transformed):
    assert "".join(databricks_cell_magic(cell.splitlines(keepends=True))) == transformed


def test_an_md_cell_renders_markdown(ip):
    _, _, displays = run(ip, "%md\n# Orders\nA *Databricks* Markdown cell.")
    assert displays[0]["text/markdown"] == "# Orders\nA *Databricks* Markdown cell."


def test_an_sh_cell_runs_bash_and_a_failing_one_fails_the_cell(ip):
    result, out, _ = run(ip, "%sh\necho ${BASH_VERSION:+bash}\necho line two")
    assert result.success and out == "bash\nline two\n"
    result, out, _ = run(ip, "%sh\necho partial\nexit 3")
    assert out.startswith("partial\n")
    assert result.error_in_exec._render_traceback_() == ["ShellCellFailed: the %sh cell's script exited with status 3 (its output is above)"]


def test_a_scala_cell_is_refused_naming_it(ip):
    result, _, _ = run(ip, '%scala\n\nval orders = spark.table("orders")')
    assert str(result.error_in_exec) == ('this is a Scala cell (%scala, starting `val orders = spark.table("orders")`): a Python kernel '
                                         "cannot run it; rewrite it in Python (PySpark has the same DataFrame and SQL API)")


def test_fs_commands_run_dbutils_fs(ip, monkeypatch):
    files = FakeFiles()
    monkeypatch.setenv("CDKTF_SPARK_DBFS_ROOT", "s3a://team-data/dbfs")
    monkeypatch.setattr(ip.user_ns["dbutils"].fs, "_files", lambda: files)
    result, out, _ = run(ip, "%fs put -f /notes/a.txt 'hello there'")
    assert result.result is True and out.startswith("Wrote 11 bytes.\n")
    _, _, displays = run(ip, "%fs ls dbfs:/notes")
    assert "dbfs:/notes/a.txt  a.txt    11" in displays[0]["text/plain"]
    _, out, _ = run(ip, "%fs head --maxBytes=5 /notes/a.txt")
    assert out == "[Truncated to first 5 bytes]\nhello\n"
    assert run(ip, "%fs rm -r /notes")[0].result is True
    assert str(run(ip, "%fs lss /")[0].error_in_exec) == "%fs lss is not available in this workbench; the closest supported call is %fs ls"
    assert str(run(ip, "%fs cp /a")[0].error_in_exec) == "usage: %fs cp [-r] from to"


def test_run_executes_another_notebooks_cells_here(ip, tmp_path, monkeypatch):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "helpers.py").write_text((HERE / "samples" / "order_helpers.py").read_text()
                                                 + "\n# COMMAND ----------\n\n%run ./deeper $level=\"2\"\n")
    (tmp_path / "lib" / "deeper.py").write_text('# Databricks notebook source\nlevel = dbutils.widgets.get("level")\n\n'
                                                "# COMMAND ----------\n\ndbutils.notebook.exit('done early')\n\n"
                                                "# COMMAND ----------\n\nnever = True\n")
    monkeypatch.chdir(tmp_path)
    result, out, _ = run(ip, "%run ./lib/helpers")
    assert result.success, result.error_in_exec
    assert ip.user_ns["banner"]("monday") == "orders of monday" and ip.user_ns["helper_loaded"] is True
    assert ip.user_ns["level"] == "2" and "never" not in ip.user_ns
    with pytest.raises(Exception, match="level"):
        ip.user_ns["dbutils"].widgets.get("level")  # the $level value was for that run only


def test_run_stops_at_a_failing_cell_and_says_which(ip, tmp_path, monkeypatch):
    (tmp_path / "broken.py").write_text("# Databricks notebook source\nok = 1\n\n# COMMAND ----------\n\n1 / 0\n")
    monkeypatch.chdir(tmp_path)
    result, _, _ = run(ip, "%run ./broken")
    assert result.error_in_exec._render_traceback_() == ["RunStopped: %run ./broken stopped at its cell 2 (ZeroDivisionError, shown above)"]


def test_run_of_a_plain_script_is_ipythons(ip, tmp_path, monkeypatch):
    (tmp_path / "script.py").write_text("import sys\nscript_args = sys.argv[1:]\n")
    monkeypatch.chdir(tmp_path)
    result, _, _ = run(ip, "%run script.py a b")
    assert result.success and ip.user_ns["script_args"] == ["a", "b"]
