"""The one way tests wait: for a condition, with a deadline; never a fixed sleep."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

# base URL -> (process, log file) of each app server a test worker started (tests.browser.conftest)
SERVERS: dict = {}


def wait_until(condition, timeout: float = 60.0, what: str = "the condition", poll: float = 0.2):
    """condition()'s first truthy value, polled until `timeout` seconds; TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(poll)  # the polling interval of a bounded wait, not a wait for time to pass


def http_answers(url: str, timeout: float = 60.0, proc=None) -> str:
    """Wait until `url` answers (a redirect to a login page counts); its body. Stops early with
    RuntimeError if the server process `proc` has exited."""
    def answer():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read().decode("utf-8", "replace") or " "
        except urllib.error.HTTPError:
            return " "
        except OSError:
            return None
    return wait_until(answer, timeout, f"{url} to answer")
