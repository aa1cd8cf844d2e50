"""The headless runner (python3 -m cdktf_spark_notebook.run) with real kernels, the habits installed by an
IPython startup file as in JupyterLab's image, and no Spark."""
import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import HERE, PACKAGE_DIR

STARTUP = """import cdktf_spark_notebook
def _no_spark():
    raise RuntimeError("no Spark session in this test kernel")
cdktf_spark_notebook.install_habits(get_ipython(), _no_spark)
"""

REPORT = """# Databricks notebook source
# MAGIC %md
# MAGIC # Report

# COMMAND ----------

# MAGIC %run ./order_helpers

# COMMAND ----------

dbutils.widgets.text("region", "north")
region = dbutils.widgets.get("region")

# COMMAND ----------

# MAGIC %sh
# MAGIC echo "from bash"

# COMMAND ----------

dbutils.notebook.exit(f"{banner(region)}: done")

# COMMAND ----------

raise AssertionError("ran past the exit")
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-habits.py").write_text(STARTUP)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("PYTHONPATH", str(PACKAGE_DIR))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(HERE / "samples" / "order_helpers.py", notebooks)
    (notebooks / "report.py").write_text(REPORT)
    return notebooks


def runner(*args, cwd):
    return subprocess.run([sys.executable, "-m", "cdktf_spark_notebook.run", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_source_notebook_runs_with_parameters_to_its_exit_value(folder):
    run = runner("report.py", "-p", "region", "south", "--output", "out.ipynb", cwd=folder)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines[:4]] == ["cell 1/5 ok", "cell 2/5 ok", "cell 3/5 ok", "cell 4/5 exited the notebook"]
    assert lines[-1] == "exit value: orders of south: done"
    executed = nbformat.read(str(folder / "out.ipynb"), as_version=4)
    assert executed.cells[3].outputs[0]["text"] == "from bash\n"


def test_a_failing_cell_fails_the_run_naming_the_cell(folder):
    (folder / "broken.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("y = dbutils.widgets.get('missing')"),
    ])))
    run = runner("broken.ipynb", cwd=folder)
    assert run.returncode == 1
    assert run.stdout.splitlines()[-1].startswith("cell 2/2 failed (InputWidgetNotDefined: No input widget named 'missing' is defined")
    assert "InputWidgetNotDefined" in run.stderr


def test_notebook_run_runs_another_notebook_and_returns_its_exit_value(folder):
    (folder / "caller.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('value = dbutils.notebook.run("./report", 60, {"region": "east"})\n'
                                  "dbutils.notebook.exit('child said ' + value)"),
    ])))
    run = runner("caller.ipynb", cwd=folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "exit value: child said orders of east: done"


def test_a_notebook_that_is_not_one_is_refused(folder):
    (folder / "script.py").write_text("print(1)\n")
    run = runner("script.py", cwd=folder)
    assert run.returncode == 2 and "neither an .ipynb notebook nor a Databricks source notebook" in run.stderr
