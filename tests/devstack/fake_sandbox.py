"""A stand-in for the Accurate sandbox / iSeller simulator CLIs: serve 200s, print the ready line."""

import argparse
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def serve(port: int) -> str:
    server = ThreadingHTTPServer(("127.0.0.1", port), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["accurate", "iseller"])
    parser.add_argument("ports", type=int, nargs="+")
    args = parser.parse_args()
    if args.mode == "accurate":
        ready = {"event": "ready", "account_url": serve(args.ports[0]), "data_url": serve(args.ports[1])}
    else:
        ready = {"event": "ready", "url": serve(args.ports[0])}
    print("some log line before the ready line")
    print(json.dumps(ready), flush=True)
    threading.Event().wait()
