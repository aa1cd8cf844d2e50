"""python3 -m cdktf_spark_notebook.run NOTEBOOK [-p NAME VALUE]... [--output OUT.ipynb] [--timeout S]

Runs a notebook (.ipynb, or a Databricks source .py) headless, as a Databricks job would: in a new kernel
(so with a Spark session of its own, like every kernel here) started in the notebook's folder, its widgets
taking the -p values (CDKTF_SPARK_WIDGETS). Prints one line per code cell. dbutils.notebook.exit(value)
ends the run as a success and prints "exit value: <value>".

Exit status: 0 when every cell ran or the notebook exited; 1 when a cell failed, the kernel died or the
time ran out (the last line names the cell); 2 for bad arguments.
"""
import argparse
import asyncio
import json
import math
import os
import re
import sys
import time

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python3 -m cdktf_spark_notebook.run",
                                     description="Runs a notebook headless, as a Databricks job would.")
    parser.add_argument("notebook", help="an .ipynb file or a Databricks source .py file")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="a widget's value (dbutils.widgets.get(NAME)); repeatable")
    parser.add_argument("--output", metavar="OUT.ipynb", help="where to write the notebook with its outputs")
    parser.add_argument("--timeout", type=float, metavar="S", help="seconds the whole run may take (default: no limit)")
    parser.add_argument("--exit-value-file", metavar="FILE", help="where to write the exit value (dbutils.notebook.run reads it)")
    return parser.parse_args(argv)


def _first_line(source):
    line = next((text.strip() for text in source.split("\n") if text.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


async def execute(notebook, folder, timeout):
    """Runs the notebook's code cells in order, printing a line for each; returns ("ok", None),
    ("exit", value) or ("failed", None)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport = "ipc"  # a local kernel: unix sockets, not TCP ports (ipykernel warns about those)
    client = NotebookClient(notebook, timeout=None, resources={"metadata": {"path": folder}}, config=config)
    deadline = time.monotonic() + timeout if timeout else None
    cells = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    async with client.async_setup_kernel():
        for number, (index, cell) in enumerate(cells, 1):
            label = "cell %d/%d" % (number, len(cells))
            if deadline is not None:
                client.timeout = max(1, math.ceil(deadline - time.monotonic()))  # what is left of the run's time
            started = time.monotonic()
            try:
                await client.async_execute_cell(cell, index)
            except CellExecutionError as error:
                if error.ename == "NotebookExit":
                    print("%s exited the notebook (%.1f s): %s" % (label, time.monotonic() - started, _first_line(cell.source)))
                    return "exit", error.evalue
                print(_ANSI.sub("", error.traceback), file=sys.stderr)
                print("%s failed (%s: %s): %s" % (label, error.ename, error.evalue, _first_line(cell.source)))
                return "failed", None
            except CellTimeoutError:
                print("%s did not finish within the run's %s s: %s" % (label, timeout, _first_line(cell.source)))
                return "failed", None
            except DeadKernelError:
                print("%s: the kernel died: %s" % (label, _first_line(cell.source)))
                return "failed", None
            print("%s ok (%.1f s): %s" % (label, time.monotonic() - started, _first_line(cell.source)))
    return "ok", None


def main(argv=None):
    args = _arguments(argv)
    from . import source_format

    path = os.path.abspath(args.notebook)
    try:
        notebook = source_format.read(path)
    except (OSError, ValueError) as error:
        print("cannot read the notebook: %s" % error, file=sys.stderr)
        return 2
    # The kernel inherits this process's environment: the widgets see these values, and only these.
    os.environ["CDKTF_SPARK_WIDGETS"] = json.dumps(dict(args.parameter))
    started = time.monotonic()
    try:
        outcome, value = asyncio.run(execute(notebook, os.path.dirname(path), args.timeout))
    finally:
        if args.output:
            import nbformat

            nbformat.write(notebook, args.output)
    if outcome == "exit":
        print("exit value: %s" % value)
        if args.exit_value_file:
            with open(args.exit_value_file, "w", encoding="utf-8") as f:
                f.write(value)
    elif outcome == "ok":
        print("all cells ran in %.1f s" % (time.monotonic() - started))
    return 1 if outcome == "failed" else 0


if __name__ == "__main__":
    sys.exit(main())
