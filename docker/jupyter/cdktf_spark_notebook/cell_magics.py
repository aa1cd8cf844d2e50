"""Databricks' magic commands in an IPython kernel.

A code cell whose first line is %sql, %sh, %md (%md-sandbox), %python, %scala or %r runs as on Databricks,
where that first line makes the whole cell another language (Databricks' .ipynb exports contain such
cells): an input transformer turns it into this package's %%sql, %%sh, %%md, %%scala or %%r cell magic
(for %python it drops the line). Also:
  %%sh                    the cell runs with bash, output streamed; a failing script fails the cell
                          (IPython's own %%sh uses sh and never fails the cell)
  %fs <command> <args>    dbutils.fs from a line: ls, head, rm, cp, mv, mkdirs, put (-r: recurse, -f: overwrite)
  %run ./other [$x="v"]   runs another notebook's code cells in this namespace, as Databricks' %run does;
                          IPython's own %run for a plain .py script (or IPython's options, %run -i ...)
"""
import os
import re
import shlex

from IPython.core.magic import no_var_expand

from . import source_format
from .dbutils.notebook import NotebookExit
from .dbutils.widgets import given
from .errors import OneLineError, unsupported
from .processes import stream

_DATABRICKS_CELL = re.compile(r"%(sql|sh|md-sandbox|md|python|scala|r)(?=\s|$)(.*)")


def databricks_cell_magic(lines):
    """IPython cleanup input transformer: a Databricks single-% first line -> this package's cell magic."""
    magic = _DATABRICKS_CELL.match(lines[0]) if lines else None
    if not magic:
        return lines
    name, rest = magic.group(1), magic.group(2).strip()
    # What follows the magic on its line moves into the body: IPython refuses a cell magic without one.
    body = ([rest + "\n"] if rest else []) + lines[1:]
    if name == "python":
        return body
    return ["%%" + ("md" if name == "md-sandbox" else name) + "\n"] + (body or ["\n"])


class ShellCellFailed(OneLineError):
    """A %sh cell's script exited with a failure status."""


class LanguageNotSupported(OneLineError):
    """A %scala or %r cell: this kernel runs Python only."""


class RunStopped(OneLineError):
    """A cell of a notebook run by %run failed (its error is shown above this line)."""


def _joined(line, cell):
    return line.strip() + "\n" + cell if line.strip() else cell


@no_var_expand
def md(line, cell):
    """Renders the cell as Markdown."""
    from IPython.display import Markdown, display

    display(Markdown(_joined(line, cell).rstrip("\n")))


@no_var_expand
def sh(line, cell):
    """Runs the cell with bash, output streamed; a failing status fails the cell."""
    status = stream(["bash", "-c", _joined(line, cell)])
    if status != 0:
        raise ShellCellFailed("the %%sh cell's script exited with status %d (its output is above)" % status)


def refuse(language, magic):
    def cell_magic(line, cell):
        first = (line.strip() or next((text for text in cell.split("\n") if text.strip()), "")).strip()
        raise LanguageNotSupported("this is a %s cell (%%%s, starting `%s`): a Python kernel cannot run it; rewrite it in "
                                   "Python (PySpark has the same DataFrame and SQL API)" % (language, magic, first))
    cell_magic.__doc__ = "Refuses a %s cell, naming it." % language
    return cell_magic


# command -> (positional arguments taken, usage)
_FS_COMMANDS = {
    "ls": ((0, 1), "%fs ls [path]"),
    "head": ((1, 1), "%fs head [--maxBytes=N] file"),
    "rm": ((1, 1), "%fs rm [-r] path"),
    "cp": ((2, 2), "%fs cp [-r] from to"),
    "mv": ((2, 2), "%fs mv [-r] from to"),
    "mkdirs": ((1, 1), "%fs mkdirs dir"),
    "put": ((2, 2), "%fs put [-f] file contents"),
}


def fs_magic(fs, display):
    @no_var_expand
    def fs_line(line):
        """dbutils.fs from a line: %fs ls /path, %fs head file, %fs rm -r dir, %fs cp -r a b, %fs put -f file text."""
        from IPython.core.error import UsageError

        words = shlex.split(line)
        if not words:
            return fs.help()
        command, args = words[0], words[1:]
        if command not in _FS_COMMANDS:
            raise unsupported("%fs " + command, ["%fs " + known for known in _FS_COMMANDS], fs._instead.get(command))
        (least, most), usage = _FS_COMMANDS[command]
        positional = [arg for arg in args if not arg.startswith("-")]
        flags = [arg for arg in args if arg.startswith("-")]
        options = {}
        for flag in flags:
            if flag in ("-r", "--recurse") and command in ("rm", "cp", "mv"):
                options["recurse"] = True
            elif flag in ("-f", "--overwrite") and command == "put":
                options["overwrite"] = True
            elif flag.startswith("--maxBytes=") and command == "head" and flag.split("=", 1)[1].isdigit():
                options["maxBytes"] = int(flag.split("=", 1)[1])
            else:
                raise UsageError("%%fs %s: unknown option %s; usage: %s" % (command, flag, usage))
        if not least <= len(positional) <= most:
            raise UsageError("usage: " + usage)
        result = getattr(fs, command)(*positional, **options)
        if command == "ls":
            display(result)
        elif command == "head":
            print(result)
        else:
            return result

    return fs_line


def run_magic(ip, widgets, ipython_run):
    folders = []  # folders of the notebooks %run is inside, innermost last: their relative paths start there

    @no_var_expand
    def run(line):
        """Databricks' %run ./other_notebook [$name="value" ...]: runs its code cells here, so what it defines is
        defined here; $name="value" gives its widgets values. A plain .py script goes to IPython's %run."""
        from IPython.core.error import UsageError

        words = shlex.split(line)
        if not words or words[0].startswith("-"):
            return ipython_run(line)
        path = words[0]
        notebook = source_format.find_notebook(path, folders[-1] if folders else os.getcwd(), "%run " + path)
        if not (notebook.endswith(".ipynb") or source_format.is_source_file(notebook)):
            return ipython_run(" ".join(shlex.quote(word) for word in [notebook] + words[1:]))
        values = {}
        for word in words[1:]:
            name, equals, value = word.partition("=")
            if not (name.startswith("$") and equals and name[1:].isidentifier()):
                raise UsageError('%%run %s: %r is not a $name="value" argument' % (path, word))
            values[name[1:]] = value
        cells = source_format.code_cells(notebook)
        folders.append(os.path.dirname(notebook))
        try:
            with given(widgets, values):
                for number, source in enumerate(cells, 1):
                    result = ip.run_cell(source, store_history=False)
                    error = result.error_before_exec or result.error_in_exec
                    if isinstance(error, NotebookExit):
                        return  # dbutils.notebook.exit ends the notebook %run runs; this one goes on
                    if error is not None:
                        raise RunStopped("%%run %s stopped at its cell %d (%s, shown above)" % (path, number, type(error).__name__))
        finally:
            folders.pop()

    return run


def register(ip, dbutils, display):
    ip.input_transformers_cleanup.append(databricks_cell_magic)
    ip.register_magic_function(md, "cell", "md")
    ip.register_magic_function(sh, "cell", "sh")
    ip.register_magic_function(refuse("Scala", "scala"), "cell", "scala")
    ip.register_magic_function(refuse("R", "r"), "cell", "r")
    ip.register_magic_function(fs_magic(dbutils.fs, display), "line", "fs")
    # IPython's own %run, looked up when first needed (IPython 9 imports its magics lazily).
    ipython_run = lambda line: ip.magics_manager.registry["ExecutionMagics"].run(line)  # noqa: E731
    ip.register_magic_function(run_magic(ip, dbutils.widgets, ipython_run), "line", "run")
