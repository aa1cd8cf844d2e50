"""The rest of dbutils: secrets, notebook.exit, help, and calls this workbench does not have."""
import pytest

from conftest import run
from cdktf_spark_notebook.dbutils import DBUtils
from cdktf_spark_notebook.dbutils.secrets import SecretNotFound, Secrets
from cdktf_spark_notebook.errors import UnsupportedCall

ENVIRON = {
    "CDKTF_SPARK_SECRET_TEAM_DB__PASSWORD": "hunter2",
    "CDKTF_SPARK_SECRET_TEAM_DB__API_KEY": "k",
    "CDKTF_SPARK_SECRET_OTHER__X": "x",
}


def test_secrets_come_from_the_environment():
    secrets = Secrets(ENVIRON)
    assert secrets.get("team-db", "password") == "hunter2"
    assert secrets.getBytes("team-db", "api-key") == b"k"
    assert [secret.key for secret in secrets.list("team-db")] == ["api_key", "password"]
    assert [scope.name for scope in secrets.listScopes()] == ["other", "team_db"]


def test_a_missing_secret_names_how_to_add_it_and_the_variable_it_sets():
    with pytest.raises(SecretNotFound, match=r"dbutils.secrets.get\('team-db', 'token'\): no such secret; add it to the workbench with "
                       r"jupyter.addSecret\('team-db', 'token', value\), which sets CDKTF_SPARK_SECRET_TEAM_DB__TOKEN"):
        Secrets(ENVIRON).get("team-db", "token")


@pytest.mark.parametrize("call, message", [
    (lambda d: d.fs.lss, "dbutils.fs.lss is not available in this workbench; the closest supported call is dbutils.fs.ls"),
    (lambda d: d.widget, "dbutils.widget is not available in this workbench; the closest supported call is dbutils.widgets"),
    (lambda d: d.widgets.gett("x"), "dbutils.widgets.gett is not available in this workbench; the closest supported call is dbutils.widgets.get"),
    (lambda d: d.secrets.zzz, "dbutils.secrets.zzz is not available in this workbench; supported: dbutils.secrets.get,"),
    (lambda d: d.fs.mount("s3a://b", "/mnt/b"), "dbutils.fs.mount is not available in this workbench: there are no mounts here: use s3a://"),
    (lambda d: d.fs.unmount("/mnt/b"), "dbutils.fs.unmount is not available"),
    (lambda d: d.library.restartPython(), "dbutils.library.restartPython is not available in this workbench: install packages with %pip install"),
    (lambda d: d.jobs.taskValues.set("k", 1), "dbutils.jobs.taskValues is not available in this workbench: there are no job task values"),
    (lambda d: d.credentials.assumeRole("r"), "dbutils.credentials.assumeRole is not available in this workbench: the cluster's S3 credentials"),
    (lambda d: d.data.summarize(None), "dbutils.data.summarize is not available in this workbench: for dbutils.data.summarize(df), use display(df.summary())"),
    (lambda d: d.notebook.entry_point.getDbutils(), "dbutils.notebook.entry_point.getDbutils is not available in this workbench: the notebook context"),
])
def test_an_unsupported_call_names_itself_and_what_to_use(call, message):
    with pytest.raises(UnsupportedCall) as raised:
        call(DBUtils(lambda: pytest.fail("the session was asked for"), environ={}))
    assert str(raised.value).startswith(message)
    assert raised.value._render_traceback_() == ["UnsupportedCall: " + str(raised.value)]
    assert isinstance(raised.value, AttributeError)  # hasattr() and completion see the name as absent


def test_help_lists_the_calls(capsys):
    dbutils = DBUtils(lambda: None, environ={})
    dbutils.fs.help()
    out = capsys.readouterr().out
    assert out.startswith("dbutils.fs: Files on the workbench's bucket")
    assert "  ls(dir): Lists a directory" in out and "  put(file, contents, overwrite=False): Writes" in out
    assert "widgets: Notebook parameters" in repr(dbutils)


def test_notebook_exit_stops_the_cell_with_one_line(ip):
    result, out, _ = run(ip, 'print("before")\ndbutils.notebook.exit(42)\nprint("after")')
    assert out.startswith("before\n") and "after" not in out
    assert type(result.error_in_exec).__name__ == "NotebookExit" and str(result.error_in_exec) == "42"
    assert result.error_in_exec._render_traceback_() == ["Notebook exited: 42"]
