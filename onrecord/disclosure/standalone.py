"""The offline verifier as ONE file a court's IT can run: `onrecord verifier --out FILE.pyz`.

The file is a Python zip application (PEP 441) holding only the pure modules the verifier
imports (onrecord/disclosure/verify.py and what it imports from onrecord: found by importing it
in a clean interpreter, so a new import is packed without a list to keep up to date) and a
`__main__` that runs `verify.main`. It needs Python 3.11+ and the `cryptography` package, no
Django, no database, no network, and trusts only the keys given with --trusted-keys:

    python3 onrecord-verify.pyz BUNDLE.zip --trusted-keys council-keys.txt

It is built reproducibly (fixed member order and timestamps), so two builds of the same code
have the same SHA-256, which the authority can publish beside its keys.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
ENTRY = "onrecord.disclosure.verify"
FORBIDDEN = ("django", "psycopg", "psycopg2")
_STAMP = (2025, 1, 1, 0, 0, 0)

_FIND = """
import json, sys
sys.path.insert(0, sys.argv[1])
import importlib
importlib.import_module(sys.argv[2])
mods = {n: getattr(m, "__file__", None) for n, m in sys.modules.items()}
print(json.dumps({
    "onrecord": sorted((n, f) for n, f in mods.items() if n.split(".")[0] == "onrecord"),
    "forbidden": sorted(n for n in mods if n.split(".")[0] in sys.argv[3].split(",")),
}))
"""

MAIN = """import sys

if sys.version_info < (3, 11):
    sys.exit("onrecord-verify needs Python 3.11 or later")
try:
    import cryptography  # noqa: F401
except ImportError:
    sys.exit("onrecord-verify needs the cryptography package: python3 -m pip install cryptography")
from onrecord.disclosure.verify import main

sys.exit(main(sys.argv[1:]))
"""


class VerifierBuildError(RuntimeError):
    pass


def verifier_modules() -> list[tuple[str, Path]]:
    """(archive name, source file) of every onrecord module the verifier imports."""
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-I", "-c", _FIND, str(PROJECT_ROOT), ENTRY, ",".join(FORBIDDEN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONRECORD_"))},
    )
    if result.returncode != 0:
        raise VerifierBuildError(f"importing {ENTRY} failed: {result.stderr.strip()[-500:]}")
    found = json.loads(result.stdout)
    if found["forbidden"]:
        raise VerifierBuildError(f"the verifier imports {', '.join(found['forbidden'])}")
    modules: list[tuple[str, Path]] = []
    for _name, file in found["onrecord"]:
        if file is None:
            continue
        path = Path(file).resolve()
        if path.suffix != ".py":
            raise VerifierBuildError(f"{path}: not a Python source file")
        modules.append((path.relative_to(PROJECT_ROOT).as_posix(), path))
    return sorted(modules)


def write_verifier(out: Path) -> list[str]:
    """Write the one-file verifier to `out` (mode 0755); return the names packed in it."""
    modules = verifier_modules()
    tmp = out.with_name(f".{out.name}.part")
    with tmp.open("wb") as handle:
        handle.write(b"#!/usr/bin/env python3\n")
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, path in modules:
                info = zipfile.ZipInfo(name, date_time=_STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
            info = zipfile.ZipInfo("__main__.py", date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, MAIN)
    tmp.chmod(0o755)
    tmp.replace(out)
    return [name for name, _ in modules]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
