"""Which packages ``pip install .`` builds (the rest of the metadata is in pyproject.toml).

templates/, static/, migrations/ and translations/ stay at the root, where the source tree
runs from them and where every branch edits them; package_dir maps each into the package
as package data, so an installed copy finds them as qtrax_disputes/templates/ and so on
(web/resources.py).
"""

from setuptools import find_packages, setup

DATA_FOLDERS = {f"qtrax_disputes.{name}": name
                for name in ("templates", "static", "migrations", "translations")}

setup(
    packages=find_packages(include=["qtrax_disputes", "qtrax_disputes.*"]) + list(DATA_FOLDERS),
    package_dir=DATA_FOLDERS,
)
