"""dbutils: Databricks' notebook utilities as far as this workbench has them (fs, widgets, notebook,
secrets), with Databricks' names, signatures and results. Any other call raises an error naming it and
what to use instead."""
import os

from .base import Utility
from .fs import FS, FileInfo
from .hadoop import HadoopFiles
from .notebook import Notebook, NotebookExit
from .secrets import Secrets
from .widgets import Widgets

__all__ = ["DBUtils", "FileInfo", "NotebookExit"]


class DBUtils(Utility):
    """Databricks' notebook utilities: fs, widgets, notebook, secrets."""

    _instead = {
        "library": "install packages with %pip install <package> in a cell: they land in the running kernel "
                   "(after upgrading a package already imported, restart the kernel from the Kernel menu)",
        "jobs": "there are no job task values here: return a value with dbutils.notebook.exit and read it from "
                "dbutils.notebook.run",
        "credentials": "the cluster's S3 credentials are already in the Spark session's Hadoop settings: "
                       "read and write s3a:// paths directly",
        "data": "for dbutils.data.summarize(df), use display(df.summary())",
    }

    def __init__(self, get_spark, environ=os.environ):
        self.fs = FS(lambda: HadoopFiles(get_spark()))
        self.widgets = Widgets(environ)
        self.notebook = Notebook()
        self.secrets = Secrets(environ)
