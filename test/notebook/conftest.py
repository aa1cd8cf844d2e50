"""The notebook habits (docker/jupyter/cdktf_spark_notebook) on the host, without Spark or Java: an IPython
shell with the habits installed over a stand-in Spark session, and a stand-in for Hadoop's FileSystem."""
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PACKAGE_DIR = HERE.parent.parent / "docker" / "jupyter"
sys.path.insert(0, str(PACKAGE_DIR))

from fakes import FakeSpark  # noqa: E402

# Outside settings a test did not ask for must not leak in from the host.
for name in [name for name in os.environ if name.startswith(("CDKTF_SPARK_SECRET_", "CDKTF_SPARK_WIDGETS", "CDKTF_SPARK_DBFS_ROOT", "CDKTF_SPARK_DISPLAY_ROWS"))]:
    del os.environ[name]


@pytest.fixture(scope="session")
def session_shell():
    from IPython.core.interactiveshell import InteractiveShell

    import cdktf_spark_notebook

    ip = InteractiveShell.instance()
    spark = FakeSpark()
    ip.user_ns["spark"] = spark
    cdktf_spark_notebook.install_habits(ip, lambda: spark)
    return ip


@pytest.fixture
def ip(session_shell):
    """The shell with the habits, its widgets and stand-in Spark as new."""
    widgets = session_shell.user_ns["dbutils"].widgets
    widgets.removeAll()
    widgets._given.clear()
    session_shell.user_ns["spark"].statements.clear()
    return session_shell


@pytest.fixture
def spark(ip):
    return ip.user_ns["spark"]


def run(ip, source):
    """Runs a cell; returns (result, what it printed, its displays as {mimetype: data} dicts)."""
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = ip.run_cell(source)
    return result, captured.stdout, [output.data for output in captured.outputs]
