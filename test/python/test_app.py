"""The library as a Python team gets it: the wheel jsii-pacmak built, installed beside cdktf and
the provider bindings from PyPI (test/python/run.sh). app.py is the README's Python example."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def synth(command, cwd, **env):
    """Runs an app in `cwd` and reads the stack it wrote to cdktf.out there."""
    env = {**{k: v for k, v in os.environ.items() if k != "CDKTF_OUTDIR"}, **env}
    subprocess.run(command, cwd=cwd, check=True, env=env)
    return json.loads((cwd / "cdktf.out" / "stacks" / "team-spark" / "cdk.tf.json").read_text())


def portable(stack, app_dir):
    """The stack with what depends on where it was synthesized taken out: the local backend's
    state path (the app's folder) and cdktf's metadata block. The library's build contexts are
    relative to the stack's folder, so they stay in and must be equal."""
    stack = json.loads(json.dumps(stack).replace(str(app_dir), "<app>"))
    stack.pop("//", None)
    return stack


def test_python_app_synthesizes_the_same_terraform_as_the_typescript_one(tmp_path):
    (tmp_path / "py").mkdir()
    python = synth([sys.executable, str(HERE / "app.py")], tmp_path / "py")
    # The README's TypeScript example, importing "cdktf-spark" as built from this checkout (dist/),
    # beside the same cdktf and bindings (one copy of each: this checkout's node_modules).
    ts = tmp_path / "ts"
    (ts / "node_modules").mkdir(parents=True)
    (ts / "node_modules" / "cdktf-spark").symlink_to(ROOT)
    shutil.copy(ROOT / "test" / "consumer" / "main.ts", ts)
    typescript = synth(["node", "-r", str(ROOT / "node_modules" / "tsx" / "dist" / "cjs" / "index.cjs"), "main.ts"], ts, NODE_PATH=str(ROOT / "node_modules"))
    assert portable(python, tmp_path / "py") == portable(typescript, ts)
    assert all(not Path(i["build"]["context"]).is_absolute() for i in python["resource"]["docker_image"].values() if "build" in i)
    # Not equal by being empty: the three clusters are there.
    names = {c.get("name") for c in python["resource"]["docker_container"].values()}
    assert {"team-spark-etl-master", "team-spark-ml-master", "team-spark-master", "team-spark-lab"} <= names


def test_bad_input_reaches_python_with_the_construct_and_the_fix():
    from cdktf import App, TerraformStack
    from cdktf_spark import SparkWorkbench, SparkWorkerOptions

    stack = TerraformStack(App(), "bad")
    # jsii raises the JavaScript error's message as a RuntimeError.
    with pytest.raises(RuntimeError, match=r'^SparkWorker "bad/spark/worker": count must be a whole number >= 1, got 0\. Set count to 1 or more\.$'):
        SparkWorkbench(stack, "spark", workers=SparkWorkerOptions(count=0))


def test_an_enum_setting_reaches_the_library():
    from cdktf import App, TerraformStack, Testing
    from cdktf_cdktf_provider_docker.provider import DockerProvider
    from cdktf_spark import SparkWorkbench, WorkbenchMode

    stack = TerraformStack(App(), "laptop")
    DockerProvider(stack, "docker")
    SparkWorkbench(stack, "spark", mode=WorkbenchMode.LOCAL)
    containers = {c["name"] for c in json.loads(Testing.synth(stack))["resource"]["docker_container"].values()}
    assert "laptop-spark-jupyter" in containers
    assert not any(name.endswith("-master") for name in containers)


def test_release_table_and_defaults_are_reachable_from_python():
    from cdktf_spark import JupyterLab, SparkCatalog, SparkReleases

    assert SparkReleases.DEFAULT_VERSION in SparkReleases.LINES[SparkReleases.DEFAULT_VERSION.rsplit(".", 1)[0]].releases
    assert re.fullmatch(r"\d+\.\d+\.\d+", JupyterLab.DEFAULT_VERSION)
    assert SparkCatalog.DEFAULT_DATABASE_IMAGE.startswith("postgres:")


def test_importing_the_library_prints_nothing():
    # jsii prints an 11-line banner on an end-of-life Node (20); run.sh puts a supported one on PATH.
    run = subprocess.run([sys.executable, "-c", "import cdktf_spark"], check=True, capture_output=True, text=True)
    assert (run.stdout, run.stderr) == ("", "")


def test_the_core_wheel_neither_requires_nor_loads_the_aws_bindings():
    wheel = next((ROOT / ".jsii-build" / "dist" / "python").glob("cdktf_spark-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    requires = re.findall(r"^Requires-Dist: (\S+)", metadata, re.M)
    assert "cdktf-cdktf-provider-docker" in requires
    assert not any("aws" in r for r in requires)
    # A local-bucket app imports the library and synthesizes without the AWS provider's assembly loaded.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, cdktf_spark; print(sorted(m for m in sys.modules if 'provider_aws' in m or 'spark_aws' in m))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    assert loaded == "[]"


def test_an_aws_bucket_comes_from_cdktf_spark_aws_once_imported():
    script = """
import json, sys
from cdktf import App, TerraformStack, Testing
from cdktf_spark import BucketMode, S3Bucket
stack = TerraformStack(App(), "aws")
if sys.argv[1] == "imported":
    import cdktf_spark_aws
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    AwsProvider(stack, "aws", region="eu-west-1")
try:
    S3Bucket(stack, "bucket", mode=BucketMode.AWS)
except RuntimeError as e:
    print(e)
else:
    print(" ".join(sorted(json.loads(Testing.synth(stack))["resource"])))
"""
    run = lambda how: subprocess.run([sys.executable, "-c", script, how], check=True, capture_output=True, text=True).stdout.strip()
    assert run("not-imported") == (
        'S3Bucket "aws/bucket": mode "aws" needs the package cdktf-spark-aws, which is not installed (or, in Python, not imported). '
        "Run: npm install cdktf-spark-aws@{0} @cdktf/provider-aws@^21 (Python: pip install cdktf-spark-aws=={0}, "
        "and import cdktf_spark_aws once in the app, which loads its bindings).".format(json.loads((ROOT / "package.json").read_text())["version"])
    )
    assert run("imported").split() == [
        "aws_iam_policy", "aws_s3_bucket", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
    ]
