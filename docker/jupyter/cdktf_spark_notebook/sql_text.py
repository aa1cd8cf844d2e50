"""Spark SQL text as %sql needs it: the statements between semicolons, named parameter markers (:name)
bound to widget values, legacy ${name} substitution. Strings ('...', "...", r'...'), `quoted identifiers` and comments (-- to the
end of the line; /* ... */, nested as Spark's parser allows) are read as Spark reads them, so a ; or :x
inside them is not taken for a separator or a marker."""
import re

_MARKER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")  # not the second colon of a :: cast, nor a:b
_LEGACY = re.compile(r"\$\{(\w+)\}")  # ${spark.conf} and ${hivevar:x} (dots, colons) stay for Spark's own substitution


def _quoted_end(sql, start):
    quote = sql[start]
    # r'...' (Spark 3.5+): a backslash is a plain character, not an escape.
    raw = quote != "`" and start > 0 and sql[start - 1] in "rR" and (start < 2 or not (sql[start - 2].isalnum() or sql[start - 2] == "_"))
    i = start + 1
    while i < len(sql):
        if sql[i] == "\\" and quote != "`" and not raw:
            i += 2
        elif sql[i] == quote:
            return i + 1  # a doubled quote ('it''s') reads as two strings back to back: the same for splitting
        else:
            i += 1
    return len(sql)


def _comment_end(sql, start):
    if sql.startswith("--", start):
        end = sql.find("\n", start)
        return len(sql) if end < 0 else end
    depth, i = 0, start
    while i < len(sql):
        if sql.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif sql.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(sql)


def segments(sql):
    """(kind, text) pieces of `sql` in order, kind "code", "string" or "comment"; their texts joined are `sql`."""
    pieces, code_start, i = [], 0, 0
    while i < len(sql):
        if sql[i] in "'\"`":
            kind, end = "string", _quoted_end(sql, i)
        elif sql.startswith("--", i) or sql.startswith("/*", i):
            kind, end = "comment", _comment_end(sql, i)
        else:
            i += 1
            continue
        if code_start < i:
            pieces.append(("code", sql[code_start:i]))
        pieces.append((kind, sql[i:end]))
        code_start = i = end
    if code_start < len(sql):
        pieces.append(("code", sql[code_start:]))
    return pieces


def split_statements(sql):
    """The statements of `sql`, stripped, comments kept; a piece with nothing but comments is no statement."""
    statements, current, has_code = [], "", False
    for kind, text in segments(sql):
        if kind != "code":
            current, has_code = current + text, has_code or kind == "string"
            continue
        *ended, rest = text.split(";")
        for piece in ended:
            if has_code or piece.strip():
                statements.append((current + piece).strip())
            current, has_code = "", False
        current, has_code = current + rest, has_code or bool(rest.strip())
    if has_code:
        statements.append(current.strip())
    return statements


def parameter_markers(statement):
    """The names of the :name parameter markers in one statement, in order of first use."""
    names = []
    for kind, text in segments(statement):
        if kind == "code":
            names += [name for name in _MARKER.findall(text) if name not in names]
    return names


def string_literal(value):
    """`value` as a Spark SQL string literal (backslash escapes, Spark's default)."""
    return "'%s'" % value.replace("\\", "\\\\").replace("'", "\\'")


def bind_markers(statement, values):
    """The statement with each :name marker that has a value replaced by it as a string literal, as Databricks
    binds a widget (a STRING). Bound here rather than through spark.sql(args=...): Delta 4.4's SQL parser on
    Spark 4.1 drops the arguments (UNBOUND_SQL_PARAMETER, seen here), and a literal reads the same everywhere."""
    return "".join(
        _MARKER.sub(lambda m: string_literal(values[m.group(1)]) if m.group(1) in values else m.group(0), text) if kind == "code" else text
        for kind, text in segments(statement))


def substitute(sql, values):
    """Databricks' legacy ${name} widget references replaced by the values given; other ${...} left as they are."""
    return _LEGACY.sub(lambda match: values.get(match.group(1), match.group(0)), sql)
