"""JupyterLab's contents manager, plus Databricks source notebooks: a .py file whose first line is
"# Databricks notebook source" is served as a notebook (source_format.py) when asked for one (Open With >
Notebook) and listed as one (the file browser shows a notebook icon), and a notebook saved to it is written
back in that format. Asked for a file (Open With > Editor), it is the text it is. Everything else is
jupyter_server's default manager (AsyncLargeFileManager) unchanged.

JupyterLab 4.6's file browser opens a double-clicked file with the default viewer of its extension, whatever
its listed type, so a double-clicked .py still opens in the editor: that choice is made in the browser.

Enable with c.ServerApp.contents_manager_class = "cdktf_spark_notebook.contents.DatabricksSourceContentsManager".
"""
import nbformat
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from . import source_format


class DatabricksSourceContentsManager(AsyncLargeFileManager):
    def _is_source(self, path):
        return path.endswith(".py") and source_format.is_source_file(self._get_os_path(path))

    async def get(self, path, content=True, type=None, format=None, require_hash=False):
        path = path.strip("/")
        if type in (None, "notebook") and self._is_source(path):
            return await self._source_notebook_model(path, content, require_hash)
        return await super().get(path, content=content, type=type, format=format, require_hash=require_hash)

    async def _source_notebook_model(self, path, content, require_hash):
        model = self._base_model(path)
        model["type"] = "notebook"
        if content or require_hash:
            raw, _ = await self._read_file(self._get_os_path(path), "byte")
            if content:
                notebook = source_format.reads(raw.decode("utf-8"))
                self.notary.mark_cells(notebook, True)  # the format keeps no outputs, so nothing in it is untrusted
                model.update(content=notebook, format="json")
                self.validate_notebook_model(model)
            if require_hash:
                model.update(**self._get_hash(raw))
        self.emit(data={"action": "get", "path": path})
        return model

    async def save(self, model, path=""):
        path = path.strip("/")
        if model.get("type") != "notebook" or not path.endswith(".py"):
            return await super().save(model, path)
        self.run_pre_save_hooks(model=model, path=path)
        if "content" not in model:
            from tornado.web import HTTPError

            raise HTTPError(400, "No file content provided")
        os_path = self._get_os_path(path)
        await self._save_file(os_path, source_format.writes(nbformat.from_dict(model["content"])), "text")
        if not await self.checkpoints.list_checkpoints(path):
            await self.create_checkpoint(path)  # as the base class does for notebooks: one always exists
        saved = await self.get(path, content=False)
        self.run_post_save_hooks(model=saved, os_path=os_path)
        self.emit(data={"action": "save", "path": path})
        return saved
