"""Run by test_crash: drain the outbox in small batches, one line per batch, until
killed. `python -m tests.indexing.drain_child SETTINGS_JSON BATCH`"""

from __future__ import annotations

import json
import sys

from marketplace import create_app
from marketplace.indexing import indexer


def main() -> None:
    app = create_app(json.loads(sys.argv[1]))
    indexer.drain(app, batch=int(sys.argv[2]), progress=lambda n: print("batch", n, flush=True))
    print("done", flush=True)


if __name__ == "__main__":
    main()
