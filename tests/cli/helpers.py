"""Shared helpers for placesim's command-line tests (Debian's python3)."""
import hashlib
import os
import re
import resource
import subprocess
import tempfile
import unittest

BIN = os.environ.get("PLACESIM_BIN", os.path.join(os.path.dirname(__file__), "../../build/placesim"))
SOURCE = os.environ.get("PLACESIM_SOURCE", os.path.join(os.path.dirname(__file__), "../.."))

# placesim: error: FILE:LINE:COL: key.path: what is wrong (what is allowed)
ERROR_LINE = re.compile(r"^placesim: error: .+:\d+:\d+: \S+: .+$")


def limit_memory(gigabytes=3):
    """For preexec_fn: cap the address space, so a memory blow-up fails loudly.

    Not in the sanitizer build: AddressSanitizer reserves terabytes of
    address space for its shadow memory, and watches allocations itself."""
    if os.environ.get("PLACESIM_SANITIZED") == "1":
        return None

    def apply():
        limit = gigabytes * 1024 ** 3
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def run(args, cwd=None, timeout=120, memory_gb=None, env=None):
    """Runs placesim with the given arguments; returns the CompletedProcess."""
    return subprocess.run([BIN] + list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit_memory(memory_gb) if memory_gb else None, env=env)


def source(*parts):
    return os.path.join(SOURCE, *parts)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class ScratchTest(unittest.TestCase):
    """A test with a scratch folder of its own: self.dir, and self.path(name) in it."""
    def setUp(self):
        self.tmp = TempDir()
        self.dir = self.tmp.__enter__()

    def tearDown(self):
        self.tmp.__exit__(None, None, None)

    def path(self, name):
        return os.path.join(self.dir, name)


class TempDir:
    """A scratch folder, removed afterwards."""
    def __enter__(self):
        self._t = tempfile.TemporaryDirectory(prefix="placesim-test-")
        return self._t.name

    def __exit__(self, *exc):
        self._t.cleanup()


USER_BLOCK = 512
SEAL = b"placesim-checksum fnv1a64="


def fnv1a(data, h=0xcbf29ce484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def reseal(path):
    """Recomputes a placesim file's checksum after a change, as a forger would,
    so the readers' own checks of attributes and shapes are what is tested."""
    data = bytearray(open(path, "rb").read())
    body = bytes(data[USER_BLOCK:])
    line = SEAL + b"%016x bytes=%d\n" % (fnv1a(body), len(body))
    data[:USER_BLOCK] = line + b"\0" * (USER_BLOCK - len(line))
    open(path, "wb").write(data)
