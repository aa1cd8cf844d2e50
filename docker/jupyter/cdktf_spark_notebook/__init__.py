"""Databricks notebook habits in this workbench's JupyterLab kernels, so code written there runs here:
display() and displayHTML(), %sql / %%sql, dbutils (fs, widgets, notebook, secrets), Databricks'
single-% cell magics, %fs and %run, a quiet SparkSession.builder.getOrCreate() over the predefined session.
Also: source_format (Databricks' .py source format <-> .ipynb), contents (a JupyterLab contents manager
opening that format as notebooks) and run (a headless runner: python3 -m cdktf_spark_notebook.run).

Installing imports only the standard library and IPython; pandas, pyspark and nbformat load when used.
"""


def install_habits(ip, get_spark):
    """Registers the habits in the IPython shell `ip`. `get_spark()` returns the kernel's SparkSession
    (waiting for its start, raising if it cannot start); only a call that needs Spark calls it."""
    from . import builder, cell_magics, sql_compat, sql_magic
    from .dbutils import DBUtils
    from .dbutils.widgets import watch_parameters_cells
    from .display import display, displayHTML

    dbutils = DBUtils(get_spark)
    ip.push({"display": display, "displayHTML": displayHTML, "dbutils": dbutils}, interactive=False)  # kept out of %who
    sql_magic.register(ip, get_spark, dbutils.widgets)
    cell_magics.register(ip, dbutils, display)
    watch_parameters_cells(ip, dbutils.widgets)
    builder.register(ip)
    sql_compat.register(ip)
