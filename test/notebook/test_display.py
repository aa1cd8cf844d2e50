"""display(): tables of the first rows with a line saying the limit, streams not run, the rest to IPython."""
import pandas as pd

from conftest import run
from fakes import DataFrame
from cdktf_spark_notebook.display import text_table
from cdktf_spark_notebook.dbutils.fs import FileInfo


def test_a_pandas_frame_shows_its_first_rows_and_says_the_limit(ip, monkeypatch):
    monkeypatch.setenv("CDKTF_SPARK_DISPLAY_ROWS", "2")
    ip.user_ns["frame"] = pd.DataFrame({"region": ["north", "south", "east"], "n": [2, 10, 3]})
    result, _, displays = run(ip, "display(frame)")
    assert result.success
    assert displays[0]["text/plain"] == "\n".join([
        "region   n",
        "------  --",
        "north    2",
        "south   10",
        "Showing the first 2 rows.",
    ])
    assert "<td>south</td><td>10</td>" in displays[0]["text/html"] and "<p>Showing the first 2 rows.</p>" in displays[0]["text/html"]


def test_the_default_limit_is_a_thousand_rows(ip):
    ip.user_ns["frame"] = pd.DataFrame({"id": range(1001)})
    _, _, displays = run(ip, "display(frame)")
    lines = displays[0]["text/plain"].split("\n")
    assert len(lines) == 2 + 1000 + 1 and lines[-1] == "Showing the first 1,000 rows."


def test_a_spark_frame_fetches_one_row_more_than_it_shows(ip, monkeypatch):
    monkeypatch.setenv("CDKTF_SPARK_DISPLAY_ROWS", "3")
    frame = DataFrame(["id", "tags", "point", "ok"], [(i, [1, 2], {"a": None}, i % 2 == 0) for i in range(10)])
    ip.user_ns["df"] = frame
    _, _, displays = run(ip, "display(df)")
    assert frame.limits == [4]
    assert displays[0]["text/plain"].split("\n")[2] == " 0  [1, 2]  {a -> null}  true"
    assert displays[0]["text/plain"].endswith("Showing the first 3 rows.")


def test_a_short_frame_has_no_limit_line_and_a_named_index_is_shown(ip):
    ip.user_ns["frame"] = pd.DataFrame({"n": [1]}, index=pd.Index(["a"], name="key"))
    _, _, displays = run(ip, "display(frame)")
    assert displays[0]["text/plain"] == "key  n\n---  -\na    1"


def test_a_streaming_frame_is_not_run(ip):
    ip.user_ns["stream"] = DataFrame(["value"], [], streaming=True)
    result, out, displays = run(ip, "display(stream)")
    assert result.success and displays == []
    assert out.startswith("This is a streaming DataFrame") and "writeStream" in out and "display(spark.table(" in out


def test_a_listing_shows_as_a_table_and_other_objects_go_to_ipython(ip):
    ip.user_ns["listing"] = [FileInfo("dbfs:/raw/", "raw/", 0, 0), FileInfo("dbfs:/a.csv", "a.csv", 5, 1700000000000)]
    _, _, displays = run(ip, "display(listing)\ndisplay({'plain': 'dict'})\ndisplayHTML('<b>bold</b>')")
    assert displays[0]["text/plain"].split("\n")[0] == "path         name   size  modificationTime"
    assert displays[1] == {"text/plain": "{'plain': 'dict'}"}
    assert displays[2]["text/html"] == "<b>bold</b>"


def test_a_bad_row_limit_names_the_setting(ip, monkeypatch):
    monkeypatch.setenv("CDKTF_SPARK_DISPLAY_ROWS", "all")
    ip.user_ns["frame"] = pd.DataFrame({"n": [1]})
    result, _, _ = run(ip, "display(frame)")
    assert "CDKTF_SPARK_DISPLAY_ROWS must be a whole number of rows" in str(result.error_in_exec)


def test_long_values_are_cut_in_the_text_table():
    assert text_table(["v"], [("x" * 100,)], False, 10, width=10) == "v\n----------\nxxxxxxx..."
