"""Databricks SQL that open-source Spark spells differently, rewritten before Spark parses it.

  USE CATALOG main   ->  USE main   (Databricks-only syntax; here `main` is the session catalog under its
                                     Unity Catalog-style name, and `USE <catalog>` switches to it)

Applied to SparkSession.sql, so %sql cells and spark.sql("...") alike take it. Patched before the first cell
that spells it, so installing imports no pyspark.
"""
import re

_PATCHED = "_cdktf_spark_notebook"
_USE_CATALOG = re.compile(r"^\s*USE\s+CATALOG\s+(`[^`]+`|\w+)\s*;?\s*$", re.IGNORECASE)
_MENTIONS = re.compile(r"USE\s+CATALOG", re.IGNORECASE)


def rewrite(statement):
    """The statement as Spark reads it."""
    match = _USE_CATALOG.match(statement)
    return "USE %s" % match.group(1) if match else statement


def patch_sql():
    """Wraps pyspark's SparkSession.sql (once)."""
    from pyspark.sql.session import SparkSession

    original = SparkSession.sql
    if getattr(original, _PATCHED, False):
        return

    def sql(self, sqlQuery, *args, **kwargs):
        return original(self, rewrite(sqlQuery), *args, **kwargs)

    sql.__doc__ = original.__doc__
    setattr(sql, _PATCHED, True)
    SparkSession.sql = sql


def register(ip):
    def before_cell(info=None):
        if _MENTIONS.search(getattr(info, "raw_cell", "") or ""):
            patch_sql()
            ip.events.unregister("pre_run_cell", before_cell)

    ip.events.register("pre_run_cell", before_cell)
