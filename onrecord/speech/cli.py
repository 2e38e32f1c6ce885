"""`onrecord speech-models [--model M ...]`: make this node's speech models ready before its
first transcription.

It verifies the Whisper model files (joined from their packages and hashed, once) and exports
the voice networks (CAM++, the overlap detector) to ONNX in the model cache. A job does all of
this itself the first time, but exporting loads torch (about 350 MB more, for the life of that
worker process; the export takes seconds): run this once on each job node after an install or an
upgrade (docs/DEPLOYMENT.md), and every job after loads no torch.

Exit status: 0 ready; 1 a model file is missing or damaged, or a network could not be exported
(jobs would then run it in torch: slower, more memory); the reason is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from onrecord.speech.model_files import DEFAULT_MODEL, PACKAGED


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "speech-models",
        help="verify the speech models and export the voice networks (once per job node)",
    )
    parser.add_argument(
        "--model",
        action="append",
        choices=sorted(PACKAGED),
        help="a Whisper model to verify; repeat for more (default: ONRECORD_SPEECH_MODEL, or base)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from onrecord.speech import loaders
    from onrecord.speech.model_files import default_cache_dir, resolve_model
    from onrecord.speech.types import SpeechError

    cache = default_cache_dir()
    models = args.model or [os.environ.get("ONRECORD_SPEECH_MODEL", DEFAULT_MODEL)]
    try:
        for model in models:
            resolved = resolve_model(model, cache)
            print(f"Speech model {resolved.label}: verified ({resolved.path})")
        networks = {
            "Voice embedder (CAM++)": loaders.embedder(cache_dir=cache).runtime,
            "Overlap detector (segmentation-3.0)": loaders.overlap_detector(
                cache_dir=cache
            ).runtime,
        }
    except SpeechError as exc:
        print(f"onrecord speech-models: {exc}", file=sys.stderr)
        return 1
    failed = False
    for name, runtime in networks.items():
        if runtime == "onnxruntime":
            print(f"{name}: exported to ONNX in {cache}")
        else:
            failed = True
            print(
                f"onrecord speech-models: the {name.lower()} could not be exported to ONNX "
                "(the warning above says why); jobs will run it in torch, slower and with "
                "about 350 MB more memory",
                file=sys.stderr,
            )
    return 1 if failed else 0
