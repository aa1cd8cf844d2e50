"""The contents manager: Databricks source files open, list and save as notebooks; everything else as before."""
import asyncio
import shutil

import nbformat
import pytest

from conftest import HERE
from cdktf_spark_notebook.contents import DatabricksSourceContentsManager


@pytest.fixture
def manager(tmp_path):
    shutil.copy(HERE / "samples" / "daily_orders.py", tmp_path / "daily_orders.py")
    (tmp_path / "script.py").write_text("print('plain')\n")
    return DatabricksSourceContentsManager(root_dir=str(tmp_path))


def test_a_source_file_lists_and_opens_as_a_notebook(manager):
    listing = asyncio.run(manager.get(""))
    assert {item["name"]: item["type"] for item in listing["content"]} == {"daily_orders.py": "notebook", "script.py": "file"}
    model = asyncio.run(manager.get("daily_orders.py", type="notebook", require_hash=True))
    assert model["type"] == "notebook" and model["format"] == "json" and model["hash"]
    assert [cell.cell_type for cell in model["content"].cells][:2] == ["markdown", "code"]
    assert model["content"].cells[3].source.startswith("%%sql")


def test_a_source_file_still_opens_as_text_in_the_editor(manager, tmp_path):
    model = asyncio.run(manager.get("daily_orders.py", type="file", format="text"))
    assert model["type"] == "file" and model["content"] == (tmp_path / "daily_orders.py").read_text()
    assert asyncio.run(manager.get("script.py"))["type"] == "file"


def test_saving_the_notebook_writes_the_source_format_back(manager, tmp_path):
    model = asyncio.run(manager.get("daily_orders.py", type="notebook"))
    notebook = model["content"]
    notebook.cells.append(nbformat.v4.new_code_cell("%%sql\nSELECT 2"))
    saved = asyncio.run(manager.save({"type": "notebook", "content": notebook}, "daily_orders.py"))
    assert saved["type"] == "notebook"
    text = (tmp_path / "daily_orders.py").read_text()
    assert text == (HERE / "samples" / "daily_orders.py").read_text() + "\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC SELECT 2\n"
    assert asyncio.run(manager.list_checkpoints("daily_orders.py"))


def test_an_ipynb_saves_as_json_as_before(manager, tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    asyncio.run(manager.save({"type": "notebook", "content": notebook}, "plain.ipynb"))
    assert nbformat.read(str(tmp_path / "plain.ipynb"), as_version=4).cells[0].source == "x = 1"
