"""The stand-ins voices.py puts in place of webrtcvad and librosa behave as missing modules:
a missing attribute is an AttributeError, so libraries that scan `sys.modules` on import
(torch does) and `hasattr` still work while they are installed (issue 18)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from onrecord.speech.voices import NotInstalled, _Unavailable
from tests.support.processes import run_child

ROOT = Path(__file__).resolve().parents[2]

IMPORT_TORCH_AFTER_STAND_INS = """
import sys
from onrecord.speech.voices import _Unavailable
assert "torch" not in sys.modules
for name in ("webrtcvad", "librosa"):
    sys.modules[name] = _Unavailable(name)
import torch
print("sum", int(torch.ones(3).sum()))
"""


def test_torch_imports_while_the_stand_ins_are_in_place():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = run_child([sys.executable, "-c", IMPORT_TORCH_AFTER_STAND_INS], env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sum 3"


def test_a_missing_attribute_is_an_attribute_error_naming_the_module():
    stand_in = _Unavailable("librosa")
    assert not hasattr(stand_in, "__file__")
    assert getattr(stand_in, "feature", None) is None
    with pytest.raises(AttributeError, match=r"librosa\.load is not installed") as raised:
        stand_in.load  # noqa: B018 - the attribute access is what is tested
    assert isinstance(raised.value, NotInstalled)
    assert raised.value.name == "load"
