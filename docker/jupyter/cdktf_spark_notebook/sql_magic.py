"""%sql (line) and %%sql (cell): Spark SQL as in a Databricks %sql cell. Several statements run in order;
the last one's result is displayed (display.py) and left in the namespace as _sqldf, as on Databricks.
Widget values fill ${name} (legacy Databricks) and :name parameter markers (as string literals, see
sql_text.bind_markers), the latter only for names that have a widget value.

No library: sparksql-magic (0.0.3, its last release in February 2020) runs one statement per %%sparksql
cell with {variables} from the namespace; jupysql (0.11) runs SQL over SQLAlchemy connections and would
bring sqlalchemy, sqlglot, jinja2, prettytable and ploomber-core into the image. Neither splits statements,
knows widgets or _sqldf, and both draw tables of their own.
"""
from IPython.core.magic import no_var_expand

from . import sql_text
from .display import display


def run(spark, sql, values):
    """Runs each statement of `sql` with widget `values` (name -> str); returns the last one's DataFrame."""
    statements = sql_text.split_statements(sql_text.substitute(sql, values))
    if not statements:
        raise ValueError("%sql: the cell has no SQL statement")
    result = None
    for number, statement in enumerate(statements, 1):
        try:
            result = spark.sql(sql_text.bind_markers(statement, values))
        except Exception as error:
            if len(statements) > 1:
                error.add_note("(in statement %d of %d: %s)" % (number, len(statements), statement.split("\n", 1)[0]))
            raise
    return result


def register(ip, get_spark, widgets):
    @no_var_expand  # $x and {x} are SQL here, not IPython's expansion of Python variables
    def sql(line, cell=None):
        """Runs Spark SQL (statements separated by ;), displays the last result and keeps it as _sqldf."""
        result = run(get_spark(), line if cell is None else line + "\n" + cell, widgets.getAll())
        ip.user_ns["_sqldf"] = result
        if result.columns:
            display(result)
        else:
            print("OK")  # a command (CREATE, INSERT into a plain table, ...) has no result columns

    ip.register_magic_function(sql, "line_cell", "sql")
