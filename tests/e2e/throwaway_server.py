"""The common part of the servers end-to-end tests start for themselves (pg_server.py,
valkey_server.py): a temporary folder, a free loopback port, and a stop on the way out even after
a failure or ctest's SIGTERM. A subclass sets `prefix` and writes `_start()` and `stop()`."""
import shutil
import signal
import socket
import sys
import tempfile
import threading


def free_port():
    """A TCP port of 127.0.0.1 free at the time of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayServer:
    prefix = "rocky-server-"
    dir = None

    def __enter__(self):
        # ctest's timeout and Ctrl-C end the test with a signal: stop the server on the way out.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        self.dir = tempfile.mkdtemp(prefix=self.prefix)
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        return False

    def _start(self):
        raise NotImplementedError

    def stop(self):
        raise NotImplementedError
