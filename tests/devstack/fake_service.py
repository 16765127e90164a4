"""A throwaway service for the stack tests, run the way the real ones are (env in, /healthz out).

`GET /env` shows the `JEMBATAN_*` variables it got. With `JEMBATAN_FAKE_GRANDCHILD_PIDFILE`
set it starts a `sleep` grandchild and writes its pid there (to prove whole groups are stopped).
"""

import os
import subprocess
from pathlib import Path

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/env")
def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("JEMBATAN_")}


if __name__ == "__main__":
    pidfile = os.environ.get("JEMBATAN_FAKE_GRANDCHILD_PIDFILE")
    if pidfile:
        grandchild = subprocess.Popen(["sleep", "300"])
        Path(pidfile).write_text(str(grandchild.pid))
    if os.environ.get("JEMBATAN_FAKE_CRASH"):
        raise SystemExit("fake service refuses to start")
    print('{"event": "starting"}', flush=True)
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["JEMBATAN_HTTP_PORT"]), log_level="warning")
