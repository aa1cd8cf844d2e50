"""install_habits: what a kernel gets, and what installing costs it."""
import os
import subprocess
import sys

from conftest import PACKAGE_DIR


def test_installing_imports_neither_pandas_nor_pyspark_nor_nbformat():
    script = "\n".join([
        "import sys",
        "from IPython.core.interactiveshell import InteractiveShell",
        "ip = InteractiveShell.instance()",
        "import cdktf_spark_notebook",
        "cdktf_spark_notebook.install_habits(ip, lambda: None)",
        "print(sorted(name for name in ('pandas', 'pyspark', 'nbformat', 'numpy') if name in sys.modules))",
        "print(sorted(name for name in ('display', 'displayHTML', 'dbutils') if name in ip.user_ns))",
        "print(sorted(name for name in ('sql', 'fs', 'run') if ip.find_line_magic(name)), sorted(name for name in ('sql', 'sh', 'md', 'scala', 'r') if ip.find_cell_magic(name)))",
    ])
    out = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(PACKAGE_DIR)}, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "[]",
        "['dbutils', 'display', 'displayHTML']",
        "['fs', 'run', 'sql'] ['md', 'r', 'scala', 'sh', 'sql']",
    ]
