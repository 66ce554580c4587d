"""A fresh clone to the demo served: `git clone`, then `bash scripts/serve.sh`,
timed until the home page answers with the demo's posts.

    python3 bench/fresh_serve.py [--commit HEAD] [--keep]

The clone is of this checkout's committed HEAD (or --commit), in a scratch
folder with its own, empty target folder; the tools are the installed ones
(Trunk, wasm-bindgen-cli and wasm-split-cli in ~/.cargo/bin; wasm-opt from
this checkout's tools/node_modules, linked). Every crate is compiled from
nothing; the registry's sources must already be downloaded. Prints when
the debug wasm was compiled (Trunk spawns its hook) and when the demo was
served, and writes bench/results/fresh-serve.json.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

from common import RESULTS, ROOT

PORT = 8093


def home_page_answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and b"folio-data" in response.read()
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--keep", action="store_true", help="keep the scratch clone")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="folio-fresh-")
    clone = os.path.join(scratch, "folio")
    subprocess.run(["git", "clone", "--quiet", ROOT, clone], check=True)
    subprocess.run(["git", "-C", clone, "checkout", "--quiet", args.commit], check=True)
    os.symlink(os.path.join(ROOT, "tools", "node_modules"), os.path.join(clone, "tools", "node_modules"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO_") and k != "FOLIO_SITE"}
    env["PORT"] = str(PORT)
    log_path = os.path.join(scratch, "serve.log")
    url = f"http://127.0.0.1:{PORT}/blog/"
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=clone, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    phases = {}
    try:
        while not home_page_answers(url):
            if server.poll() is not None:
                raise SystemExit(f"serve.sh stopped (exit {server.returncode}); its log: {log_path}")
            with open(log_path, encoding="utf-8", errors="replace") as log:
                text = log.read()
            now = round(time.monotonic() - started, 1)
            for name, pattern in [("wasm compiled", r"spawning hook"), ("indexer ran", r"finished hook")]:
                if name not in phases and re.search(pattern, text):
                    phases[name] = now
            time.sleep(0.5)
        served = round(time.monotonic() - started, 1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    commit = subprocess.run(["git", "-C", clone, "rev-parse", "--short=8", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    result = {"commit": commit, "served_s": served, **{f"{k}_s": v for k, v in phases.items()}}
    for name, value in phases.items():
        print(f"{name:<16} {value:>7.1f} s")
    print(f"{'demo served':<16} {served:>7.1f} s  ({served / 60:.1f} min; goal 4 min)  at {commit}")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "fresh-serve.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    if args.keep:
        print(f"kept: {clone}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
