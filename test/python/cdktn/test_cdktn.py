"""The library on CDK Terrain as a Python team gets it: the cdktn-spark wheel jsii-pacmak built from the rewritten
source (scripts/jsii.sh --cdktn), installed beside cdktn, constructs and the cdktn provider bindings from PyPI
(test/python/run.sh). The README's Python example (../app.py) with its imports renamed synthesizes the Terraform
the cdktf wheel's app does, run beside it in cdktf's venv (SPARK_TEST_CDKTF_PYTHON, SPARK_TEST_CDKTF_PYTHONPATH)."""
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent.parent
VERSION = json.loads((ROOT / "package.json").read_text())["version"]
# The app's imports, cdktf's module -> cdktn's (the table docs/cdktn.md's Python app is checked by too); every
# other module app.py imports from stops the test.
MODULES = json.loads((ROOT / "test" / "cdktn" / "python-modules.json").read_text())


def cdktn_app():
    """app.py with the cdktn modules imported; nothing else changed."""
    def rename(m):
        top, _, rest = m.group(2).partition(".")
        assert top in MODULES, f"app.py imports from {m.group(2)}, which has no cdktn counterpart in test/cdktn/python-modules.json"
        return m.group(1) + MODULES[top] + (f".{rest}" if rest else "")

    source = (ROOT / "test" / "python" / "app.py").read_text()
    renamed = re.sub(r"^(from |import )([\w.]+)", rename, source, flags=re.M)
    assert "cdktf" not in renamed
    return renamed


def synth(python, app, cwd, pythonpath):
    """The app's cdktf.out folder, synthesized in cwd."""
    env = {**{k: v for k, v in os.environ.items() if k != "CDKTF_OUTDIR"}, "PYTHONPATH": pythonpath}
    cwd.mkdir()
    subprocess.run([python, str(app)], cwd=cwd, check=True, env=env)
    return cwd / "cdktf.out"


def test_the_readme_app_synthesizes_the_cdktf_apps_terraform_on_cdktn(tmp_path):
    (tmp_path / "app.py").write_text(cdktn_app())
    cdktn = synth(sys.executable, tmp_path / "app.py", tmp_path / "cdktn", os.environ["PYTHONPATH"])
    cdktf = synth(os.environ["SPARK_TEST_CDKTF_PYTHON"], ROOT / "test" / "python" / "app.py", tmp_path / "cdktf", os.environ["SPARK_TEST_CDKTF_PYTHONPATH"])
    # The comparison every cdktn check uses: the same JSON but for the framework's and the providers' versions.
    compared = subprocess.run(
        ["node", str(ROOT / "test" / "cdktn" / "same-terraform.js"), str(cdktf), str(cdktn), "python app.py"],
        capture_output=True, text=True,
    )
    assert compared.returncode == 0, compared.stderr
    print(compared.stdout)
    # Not equal by being empty: the three clusters are there.
    stack = json.loads((cdktn / "stacks" / "team-spark" / "cdk.tf.json").read_text())
    names = {c.get("name") for c in stack["resource"]["docker_container"].values()}
    assert {"team-spark-etl-master", "team-spark-ml-master", "team-spark-master", "team-spark-lab"} <= names


def test_importing_cdktn_spark_prints_nothing_and_loads_no_aws_module():
    script = "import sys, cdktn_spark; print(sorted(m for m in sys.modules if 'aws' in m or 'cdktf' in m))"
    run = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert (run.stdout, run.stderr) == ("[]\n", "")


def requirements(build):
    wheel = next((ROOT / build / "dist" / "python").glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    return {r.split()[0]: r for r in re.findall(r"^Requires-Dist: (.+)$", metadata, re.M)}


def test_the_wheels_require_the_cdktn_bindings_and_no_cdktf_package():
    core = requirements(".jsii-build-cdktn")
    assert core["cdktn-provider-docker"] == "cdktn-provider-docker <17.0.0,>=16.1.0"
    assert {"cdktn", "constructs", "cdktn-provider-random"} <= core.keys()
    assert not any("cdktf" in r or "aws" in r for r in core)
    # cdktn-spark-aws, not installed here (cdktn-provider-aws is a 70 MB wheel): what it would pull in.
    aws = requirements(".jsii-build-cdktn-aws")
    assert aws["cdktn-spark"] == f"cdktn-spark =={VERSION}"
    assert "cdktn-provider-aws" in aws
    assert not any("cdktf" in r for r in aws)


def test_an_aws_bucket_without_cdktn_spark_aws_says_what_to_install_on_cdktn():
    script = """
from cdktn import App, TerraformStack
from cdktn_spark import BucketMode, S3Bucket
try:
    S3Bucket(TerraformStack(App(), "aws"), "bucket", mode=BucketMode.AWS)
except RuntimeError as e:
    print(e)
"""
    run = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert run.stdout.strip() == (
        f'S3Bucket "aws/bucket": mode "aws" needs the package cdktn-spark-aws, which is not installed (or, in Python, not imported). '
        f"Run: npm install cdktn-spark-aws@{VERSION} @cdktn/provider-aws@^25 (Python: pip install cdktn-spark-aws=={VERSION}, "
        "and import cdktn_spark_aws once in the app, which loads its bindings)."
    )
