"""dbutils.notebook: exit(value) ends this notebook's run with a value; run(path, timeout_seconds, arguments)
runs another notebook headless (the runner, run.py, in a kernel of its own) and returns its exit value."""
import os
import sys
import tempfile

from .. import source_format
from ..errors import OneLineError
from ..processes import stream
from .base import Utility

_NO_CONTEXT = ("the notebook context is Databricks' own; here the kernel's working directory is the notebook's folder "
               "(os.getcwd()) and widgets carry a run's parameters (dbutils.widgets.get)")


class NotebookExit(OneLineError):
    """Raised by dbutils.notebook.exit: ends the run; str() is the exit value, which the runner reports."""

    def line(self):
        return "Notebook exited: %s" % self


class NotebookRunFailed(RuntimeError):
    """dbutils.notebook.run's notebook failed or ran out of time; its run's lines, above, say where."""


class Notebook(Utility):
    """Ends this notebook's run with a value, or runs another notebook and returns its value."""

    _path = "dbutils.notebook"
    _instead = {"entry_point": _NO_CONTEXT, "getContext": _NO_CONTEXT}

    def exit(self, value):
        """Stops this notebook's run here; dbutils.notebook.run or the headless runner returns value (a string)."""
        raise NotebookExit(str(value))

    def run(self, path, timeout_seconds, arguments=None):
        """Runs another notebook headless in a kernel (and Spark session) of its own, with arguments as its
        widgets' values; returns the value it exits with (None if it never calls exit). timeout_seconds=0: no limit."""
        call = "dbutils.notebook.run(%r, %r)" % (path, timeout_seconds)
        notebook = source_format.find_notebook(path, os.getcwd(), call)
        with tempfile.TemporaryDirectory() as scratch:
            exit_file = os.path.join(scratch, "exit-value")
            command = [sys.executable, "-m", "cdktf_spark_notebook.run", notebook, "--exit-value-file", exit_file]
            for name, value in (arguments or {}).items():
                command += ["-p", str(name), str(value)]
            if timeout_seconds:
                command += ["--timeout", str(timeout_seconds)]
            if stream(command) != 0:
                raise NotebookRunFailed("%s: the notebook's run failed (its lines above say where)" % call)
            if not os.path.exists(exit_file):
                return None
            with open(exit_file, encoding="utf-8") as f:
                return f.read()
