"""Serve a built site on localhost the way a static host does: gzip for text files.

    python -m benchmarks.static_server SITE_DIR PORT

GitHub Pages (and most hosts) compress HTML, CSS, JS, JSON and SVG on the fly, the search
index (JSON) included. The benchmark counts
the bytes a browser receives from this server, so the figures match what a visitor
downloads from the real host. Runs in its own process so that serving does not compete
with the measuring process for the GIL.
"""

from __future__ import annotations

import gzip
import http.server
import io
import sys
from functools import lru_cache, partial
from pathlib import Path

COMPRESS = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ics", ".map"}


@lru_cache(maxsize=4096)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm",
                      ".ics": "text/calendar", ".json": "application/json"}

    def log_message(self, *args) -> None:  # quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirect to the slash URL
            path = path / "index.html"
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if path.suffix not in COMPRESS or not accepts or not path.is_file():
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


def main(argv: list[str]) -> None:
    site, port = argv[0], int(argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=site))
    print(f"serving {site} on {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
