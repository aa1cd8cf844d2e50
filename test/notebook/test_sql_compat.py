from cdktf_spark_notebook.sql_compat import rewrite


def test_use_catalog_becomes_use():
    assert rewrite("USE CATALOG main") == "USE main"
    assert rewrite("  use catalog `dev`; ") == "USE `dev`"


def test_other_statements_pass_unchanged():
    for statement in ("USE SCHEMA sales", "USE main.sales", "SELECT 'USE CATALOG main'", "USE CATALOG main; SELECT 1"):
        assert rewrite(statement) == statement
