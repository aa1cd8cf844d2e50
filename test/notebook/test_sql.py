"""%sql: statement splitting, parameters from widgets, _sqldf and the displayed result."""
import pytest

from conftest import run
from cdktf_spark_notebook.sql_text import bind_markers, parameter_markers, split_statements, substitute


@pytest.mark.parametrize("sql, statements", [
    ("SELECT 1", ["SELECT 1"]),
    ("SELECT 1;\nSELECT 2;", ["SELECT 1", "SELECT 2"]),
    ("SELECT 'a;b', \"c;d\", `e;f` FROM t", ["SELECT 'a;b', \"c;d\", `e;f` FROM t"]),
    ("SELECT 'it\\'s; here'; SELECT 2", ["SELECT 'it\\'s; here'", "SELECT 2"]),
    ("SELECT 'it''s; here'; SELECT 2", ["SELECT 'it''s; here'", "SELECT 2"]),
    ("SELECT r'C:\\'; SELECT 2", ["SELECT r'C:\\'", "SELECT 2"]),
    ("-- a comment; not a separator\nSELECT 1", ["-- a comment; not a separator\nSELECT 1"]),
    ("SELECT 1 /* one; /* nested; */ still comment; */ + 1; SELECT 2",
     ["SELECT 1 /* one; /* nested; */ still comment; */ + 1", "SELECT 2"]),
    ("SELECT 1;\n-- only a comment after the last statement\n", ["SELECT 1"]),
    (";;  ;\n", []),
    ("/* only; a comment */", []),
    ("SELECT '--not a comment;' AS x; SELECT 2", ["SELECT '--not a comment;' AS x", "SELECT 2"]),
])
def test_statements_split_at_semicolons_outside_strings_and_comments(sql, statements):
    assert split_statements(sql) == statements


def test_parameter_markers_are_found_outside_strings_comments_and_casts():
    statement = "SELECT :a, x::int, ':b', `:c` -- :d\n FROM t WHERE y = :e AND z = :a /* :f */"
    assert parameter_markers(statement) == ["a", "e"]


def test_markers_with_a_widget_value_become_string_literals_outside_strings_comments_and_casts():
    statement = "SELECT :a, x::int, ':a' -- :a\n FROM t WHERE y = :b AND z = :missing"
    assert bind_markers(statement, {"a": "it's", "b": "C:\\"}) \
        == "SELECT 'it\\'s', x::int, ':a' -- :a\n FROM t WHERE y = 'C:\\\\' AND z = :missing"


def test_legacy_references_are_replaced_by_widget_values_only():
    assert substitute("WHERE d = '${day}' AND p = ${spark.sql.shuffle.partitions} AND q = '${other}'", {"day": "2024-01-31"}) \
        == "WHERE d = '2024-01-31' AND p = ${spark.sql.shuffle.partitions} AND q = '${other}'"


def test_a_sql_cell_runs_each_statement_with_widget_parameters_and_leaves_the_last_result(ip, spark):
    ip.user_ns["dbutils"].widgets.text("region", "north")
    ip.user_ns["dbutils"].widgets.text("day", "2024-01-31")
    result, out, displays = run(ip, "\n".join([
        "%sql",
        "-- two statements",
        "CREATE OR REPLACE TEMP VIEW v AS SELECT * FROM orders WHERE day = '${day}'; /* ; */",
        "SELECT region, count(*) AS n FROM v WHERE region = :region AND kind = :undefined GROUP BY region",
    ]))
    assert result.success, result.error_in_exec
    assert spark.statements == [
        ("-- two statements\nCREATE OR REPLACE TEMP VIEW v AS SELECT * FROM orders WHERE day = '2024-01-31'", None),
        ("/* ; */\nSELECT region, count(*) AS n FROM v WHERE region = 'north' AND kind = :undefined GROUP BY region", None),
    ]
    assert ip.user_ns["_sqldf"].columns == ["statement"]
    assert len(displays) == 1 and "text/html" in displays[0] and "SELECT region" in displays[0]["text/plain"]


def test_the_line_magic_and_a_command_without_result_columns(ip, spark):
    result, out, displays = run(ip, "%sql CREATE TABLE t (id INT)")
    assert result.success and out == "OK\n" and displays == []
    assert spark.statements == [("CREATE TABLE t (id INT)", None)]


def test_a_failing_statement_is_named(ip):
    result, _, _ = run(ip, "%%sql\nSELECT 1;\nSELECT fail")
    assert "(in statement 2 of 2: SELECT fail)" in result.error_in_exec.__notes__


def test_python_variables_are_not_expanded_into_sql(ip, spark):
    ip.user_ns["region"] = "python's"
    run(ip, "%sql SELECT '$region', '{region}'")
    assert spark.statements == [("SELECT '$region', '{region}'", None)]
