"""dbutils.widgets: defaults, values given from outside (environment, papermill, %run), Databricks' errors."""
import pytest

from conftest import run
from cdktf_spark_notebook.dbutils.widgets import InputWidgetNotDefined, Widgets


def test_a_widget_reads_its_default_and_getall_lists_every_value():
    widgets = Widgets(environ={})
    widgets.text("day", "2024-01-31", "Day")
    widgets.combobox("fruit", "kiwi", ["apple", "pear"])
    widgets.dropdown("size", "small", ["small", "large"])
    assert widgets.get("day") == "2024-01-31"
    assert widgets.getAll() == {"day": "2024-01-31", "fruit": "kiwi", "size": "small"}


def test_a_multiselect_value_is_its_choices_comma_joined():
    widgets = Widgets(environ={"CDKTF_SPARK_WIDGETS": '{"regions": ["north", "south"]}'})
    widgets.multiselect("regions", "north", ["north", "south", "east"])
    widgets.multiselect("kinds", ["a", "b"], ["a", "b", "c"])
    assert widgets.get("regions") == "north,south"
    assert widgets.get("kinds") == "a,b"


def test_a_value_from_the_environment_wins_and_needs_no_widget():
    widgets = Widgets(environ={"CDKTF_SPARK_WIDGETS": '{"day": "2025-02-01", "job_param": 7}'})
    widgets.text("day", "2024-01-31")
    assert widgets.get("day") == "2025-02-01"
    assert widgets.get("job_param") == "7"


def test_an_unreadable_environment_value_is_reported_and_ignored(capsys):
    widgets = Widgets(environ={"CDKTF_SPARK_WIDGETS": "day=1"})
    widgets.text("day", "2024-01-31")
    assert widgets.get("day") == "2024-01-31"
    assert "CDKTF_SPARK_WIDGETS is not a JSON object of widget values" in capsys.readouterr().err


def test_get_of_an_undefined_widget_names_it_and_the_defined_ones():
    widgets = Widgets(environ={})
    widgets.text("day", "x")
    widgets.text("region", "y")
    with pytest.raises(InputWidgetNotDefined, match=r"No input widget named 'dya' is defined \(defined: day, region\)"):
        widgets.get("dya")
    assert widgets.getArgument("dya", "fallback") == "fallback"
    widgets.remove("day")
    with pytest.raises(InputWidgetNotDefined, match="defined: region"):
        widgets.get("day")
    widgets.removeAll()
    with pytest.raises(InputWidgetNotDefined, match=r"dbutils.widgets.remove\('region'\)"):
        widgets.remove("region")


def test_a_dropdown_default_must_be_one_of_its_choices():
    with pytest.raises(ValueError, match=r"dropdown\('env', 'prd', \.\.\.\): the default value 'prd' is not one of the choices: dev, prod"):
        Widgets(environ={}).dropdown("env", "prd", ["dev", "prod"])
    with pytest.raises(ValueError, match="'x' is not one of the choices"):
        Widgets(environ={}).multiselect("m", "a,x", ["a", "b"])


def test_a_papermill_parameters_cell_gives_widget_values(ip):
    dbutils = ip.user_ns["dbutils"]
    dbutils.widgets.text("region", "north")
    result, _, _ = run(ip, '# Parameters\nregion = "south"\nlimit = 10\nregions = ["a", "b"]\nnot_literal = len("x")\n')
    assert result.success
    assert dbutils.widgets.get("region") == "south"
    assert dbutils.widgets.get("limit") == "10"
    assert dbutils.widgets.get("regions") == "a,b"
    with pytest.raises(InputWidgetNotDefined):
        dbutils.widgets.get("not_literal")


def test_an_ordinary_cell_with_assignments_gives_no_values(ip):
    run(ip, 'region = "south"')
    with pytest.raises(InputWidgetNotDefined):
        ip.user_ns["dbutils"].widgets.get("region")
