"""Shared pieces of folio's browser benchmarks: servers and Chromium."""

import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

from conftest import WAKE_APP, Site, make_driver, quit_driver  # noqa: E402

RESULTS = os.path.join(ROOT, "bench", "results")
NODE_MODULES = os.path.join(ROOT, "tools", "node_modules")

# Lighthouse-like mobile throttling: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 4x CPU slowdown.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4


def median(values):
    return statistics.median(values) if values else float("nan")


def throttled_driver(**kwargs):
    driver = make_driver(**kwargs)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_NETWORK)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return driver


def without_scripts(page):
    """A folio page as it is without its scripts: the plain page that first
    load and first paint are compared with (its inline scripts, the app's
    preloads and the policy's `<meta>` removed; everything else as built)."""
    import re
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
    page = re.sub(r"<link rel=\"(modulepreload|preload)\"[^>]*>", "", page)
    return re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", page)


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)
