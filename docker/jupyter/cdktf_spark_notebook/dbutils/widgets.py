"""dbutils.widgets: Databricks' notebook parameters.

There is no widget bar here: a widget's value is its defaultValue unless one was given from outside,
which wins:
  - CDKTF_SPARK_WIDGETS, a JSON object {name: value} in the kernel's environment: what the headless
    runner (python3 -m cdktf_spark_notebook.run -p name value) and dbutils.notebook.run set;
  - a papermill parameters cell: papermill -p injects a cell starting "# Parameters" with one
    `name = value` line per parameter; running it (or writing such a cell yourself) sets the values;
  - %run ./other $name="value", for that run of the other notebook.
As on Databricks (job parameters), a value given from outside is readable even if no widget defines it.
"""
import ast
import contextlib
import json
import os
import sys
from collections import namedtuple

from .base import Utility

WIDGETS_ENV = "CDKTF_SPARK_WIDGETS"
PARAMETERS_CELL = "# Parameters"

Widget = namedtuple("Widget", "kind default choices label")


class InputWidgetNotDefined(ValueError):
    """Databricks' name for reading a widget nobody defined nor gave a value."""


def as_text(value):
    """Widget values are strings on Databricks; several (multiselect) are comma-joined."""
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return str(value)


def given_by_environment(environ):
    raw = environ.get(WIDGETS_ENV, "")
    if not raw:
        return {}
    try:
        values = json.loads(raw)
        if not isinstance(values, dict):
            raise ValueError("not an object")
    except ValueError as error:
        # Kernel start-up must go on: the notebook still runs, with its widgets' defaults.
        print("%s is not a JSON object of widget values (%s); its values are ignored" % (WIDGETS_ENV, error), file=sys.stderr)
        return {}
    return {str(name): as_text(value) for name, value in values.items()}


def parameters_cell_values(source):
    """name -> value of each `name = literal` line of a papermill parameters cell; {} for any other cell."""
    if not source.startswith(PARAMETERS_CELL):
        return {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = as_text(ast.literal_eval(node.value))
            except ValueError:
                continue  # not a literal: not something papermill writes
    return values


class Widgets(Utility):
    """Notebook parameters: a value given from outside (job run, papermill, %run $x=...) wins over the default."""

    _path = "dbutils.widgets"

    def __init__(self, environ=os.environ):
        self._widgets = {}
        self._given = given_by_environment(environ)

    def _define(self, kind, name, defaultValue, choices, label):
        self._widgets[name] = Widget(kind, as_text(defaultValue), choices and [str(choice) for choice in choices], label)

    def _check_choices(self, kind, name, defaultValue, choices):
        allowed = [str(choice) for choice in choices]
        for value in (as_text(defaultValue).split(",") if kind == "multiselect" else [as_text(defaultValue)]):
            if value not in allowed:
                raise ValueError("dbutils.widgets.%s(%r, %r, ...): the default value %r is not one of the choices: %s"
                                 % (kind, name, defaultValue, value, ", ".join(allowed)))

    def text(self, name, defaultValue, label=None):
        """A free-text parameter."""
        self._define("text", name, defaultValue, None, label)

    def dropdown(self, name, defaultValue, choices, label=None):
        """A parameter chosen from choices; defaultValue must be one of them."""
        self._check_choices("dropdown", name, defaultValue, choices)
        self._define("dropdown", name, defaultValue, choices, label)

    def combobox(self, name, defaultValue, choices, label=None):
        """A free-text parameter with suggested choices."""
        self._define("combobox", name, defaultValue, choices, label)

    def multiselect(self, name, defaultValue, choices, label=None):
        """Any of choices; get() returns the selected ones comma-joined."""
        self._check_choices("multiselect", name, defaultValue, choices)
        self._define("multiselect", name, defaultValue, choices, label)

    def get(self, name):
        """The parameter's value: the one given from outside, else the widget's default."""
        if name in self._given:
            return self._given[name]
        if name in self._widgets:
            return self._widgets[name].default
        defined = ", ".join(sorted(self._widgets)) or "none"
        raise InputWidgetNotDefined("No input widget named %r is defined (defined: %s); define it first, e.g. "
                                    "dbutils.widgets.text(%r, \"default value\")" % (name, defined, name))

    def getAll(self):
        """Every parameter's value, by name."""
        values = {name: widget.default for name, widget in self._widgets.items()}
        values.update(self._given)
        return values

    def getArgument(self, name, defaultValue=None):
        """Legacy get(): returns defaultValue instead of raising when the parameter is undefined."""
        try:
            return self.get(name)
        except InputWidgetNotDefined:
            return defaultValue

    def remove(self, name):
        """Removes a widget."""
        if name not in self._widgets:
            raise InputWidgetNotDefined("dbutils.widgets.remove(%r): no input widget named %r is defined" % (name, name))
        del self._widgets[name]

    def removeAll(self):
        """Removes every widget."""
        self._widgets.clear()


def watch_parameters_cells(ip, widgets):
    """Takes the values of a papermill parameters cell once it has run."""
    def after_cell(result):
        if result.success:
            widgets._given.update(parameters_cell_values(result.info.raw_cell or ""))
    ip.events.register("post_run_cell", after_cell)


@contextlib.contextmanager
def given(widgets, values):
    """Values given from outside for the duration of a block (%run ./other $name="value")."""
    saved = dict(widgets._given)
    widgets._given.update(values)
    try:
        yield
    finally:
        widgets._given.clear()
        widgets._given.update(saved)
