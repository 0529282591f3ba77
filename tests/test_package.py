"""Package-level promises: cheap import, version, typed, CLI basics, shipped datasets."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import pedw
from pedw import cli, datasets
from pedw.errors import OptionError

ROOT = Path(__file__).resolve().parents[1]


def test_import_is_cheap():
    code = (
        "import pedw, pedw.io, pedw.decompose, pedw.errors, pedw.schema, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'matplotlib','scipy','statsmodels','requests','httpx','dask'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_from_metadata():
    from importlib.metadata import version

    assert pedw.__version__ == version("pedw")


def test_lazy_names_resolve():
    assert pedw.errors.PedwError is pedw.PedwError
    assert "sectoral" in dir(pedw)
    with pytest.raises(AttributeError):
        pedw.no_such_name


def test_py_typed_shipped():
    assert (Path(pedw.__file__).parent / "py.typed").exists()


@pytest.mark.slow
def test_wheel_contains_py_typed_and_samples(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (whl,) = tmp_path.glob("pedw-*.whl")
    names = zipfile.ZipFile(whl).namelist()
    assert "pedw/py.typed" in names
    assert "pedw/data/samples/registry.json" in names


def test_every_registered_dataset_file_exists():
    for name in datasets.names():
        assert datasets.path(name).is_file(), name
        info = datasets.info(name)
        assert info["producer"] and info["licence"] and info["citation"]
    assert set(datasets.list_datasets()["name"]) == set(datasets.names())


def test_unknown_dataset_is_an_option_error():
    with pytest.raises(OptionError, match="Unknown dataset 'nope'"):
        datasets.info("nope")


def test_cli_datasets(capsys):
    assert cli.main(["datasets"]) == 0
    assert "etd" in capsys.readouterr().out
