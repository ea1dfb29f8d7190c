#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus: each vector of Protocol/vectors as raw bytes, and all of them as one stream.

    python3 Protocol/tools/fuzz_seeds.py DIRECTORY
"""

import sys
from pathlib import Path

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    directory = Path(sys.argv[1])
    directory.mkdir(parents=True, exist_ok=True)
    frames = []
    for path in sorted(VECTORS.glob("*.hex")):
        frame = bytes.fromhex("".join(path.read_text().split()))
        (directory / path.stem).write_bytes(frame)
        frames.append(frame)
    (directory / "all-vectors").write_bytes(b"".join(frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
