"""A throwaway redis-server (Valkey-compatible) for end-to-end tests: started on an ephemeral
loopback port with no persistence in a temporary folder, killed (and the folder removed) on exit,
even after a failure. scripts/setup.sh installs redis-server (and redis-cli with it).

    with ValkeyServer(password="s3cret") as v:
        v.url(db=2)                  # redis://:s3cret@127.0.0.1:<port>/2
        v.cli("GET", "k", db=2)      # redis-cli's output, stripped
"""
import os
import shutil
import socket
import subprocess
import time

from throwaway_server import ThrowawayServer, free_port


class ValkeyServer(ThrowawayServer):
    prefix = "rocky-valkey-"

    def __init__(self, password=""):
        self.password = password
        self.server = shutil.which("redis-server") or shutil.which("valkey-server")
        self.client = shutil.which("redis-cli") or shutil.which("valkey-cli")
        if not self.server or not self.client:
            raise RuntimeError("redis-server and redis-cli are not installed: run scripts/setup.sh")
        self.proc = None
        self.port = None

    def _start(self):
        for _ in range(3):  # another process may take the free port first
            self.port = free_port()
            argv = [self.server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", self.dir,
                    "--logfile", os.path.join(self.dir, "server.log")]
            if self.password:
                argv += ["--requirepass", self.password]
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    return
                except OSError:
                    time.sleep(0.02)
            self.stop()
        with open(os.path.join(self.dir, "server.log")) as log:
            raise RuntimeError("redis-server did not start: " + log.read()[-2000:])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def url(self, db=0):
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}" + (f"/{db}" if db else "")

    def cli_argv(self, db=0):
        """redis-cli's arguments for this server (for shell hooks)."""
        argv = [self.client, "-h", "127.0.0.1", "-p", str(self.port), "-n", str(db)]
        if self.password:
            argv += ["-a", self.password, "--no-auth-warning"]
        return argv

    def cli(self, *args, db=0):
        done = subprocess.run(self.cli_argv(db) + list(args), capture_output=True, text=True,
                              timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"redis-cli {args[0]} failed: {done.stderr}")
        return done.stdout.strip()


class Subscriber:
    """A raw RESP2 connection subscribed to one channel, so tests see exactly what was published
    (redis-cli would reformat it).

        with Subscriber(server, "rocky:events") as sub:
            ...                       # publish
            sub.messages(quiet=1.0)   # payloads (str) until 1 s passes with nothing new
    """

    def __init__(self, server, channel):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        self.file = self.sock.makefile("rb")
        if server.password:
            self._send("AUTH", server.password)
            self._read()
        self._send("SUBSCRIBE", channel)
        confirmation = self._read()
        if not isinstance(confirmation, list) or confirmation[0] != b"subscribe":
            raise RuntimeError(f"SUBSCRIBE {channel} failed: {confirmation}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def _send(self, *args):
        out = [f"*{len(args)}\r\n".encode()]
        for a in args:
            data = a.encode() if isinstance(a, str) else a
            out.append(f"${len(data)}\r\n".encode() + data + b"\r\n")
        self.sock.sendall(b"".join(out))

    def _read(self):
        line = self.file.readline()
        if not line:
            raise EOFError("the server closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind in (b"+", b"-"):
            return rest
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)
            return data[:-2]
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise RuntimeError(f"unexpected RESP line {line!r}")

    def messages(self, quiet=1.0):
        """Every message payload received until `quiet` seconds pass without one."""
        got = []
        self.sock.settimeout(quiet)
        try:
            while True:
                reply = self._read()
                if isinstance(reply, list) and reply[0] == b"message":
                    got.append(reply[2].decode())
        except (socket.timeout, TimeoutError):
            pass
        return got
