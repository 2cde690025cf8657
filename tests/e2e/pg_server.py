"""A throwaway PostgreSQL server for end-to-end tests: `initdb` into a temporary folder, started on
an ephemeral loopback port, stopped (and its folder removed) on exit, even after a failure.

The binaries come from /usr/lib/postgresql/<version>/bin (Debian's postgresql package). initdb
and postgres refuse to run as root: when the test runs as root (as on CI), they run as the
`postgres` system user through `runuser`, with the temporary folder handed over to it.

Connections on 127.0.0.1 use scram-sha-256 with the superuser password given; the Unix socket
lives in the temporary folder (no system socket directory is touched).

    with PgServer(password="s3cret") as pg:
        pg.psql("CREATE DATABASE x")        # as the superuser, over TCP
        pg.port, pg.user, pg.password
"""
import glob
import os
import shutil
import subprocess

from throwaway_server import ThrowawayServer, free_port


def _bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin "
                           "(install the Debian package postgresql: scripts/setup.sh)")
    return os.path.dirname(found[-1])


class PgServer(ThrowawayServer):
    prefix = "rocky-pg-"

    def __init__(self, password, user="rocky_admin"):
        self.bin = _bin_dir()
        self.version = int(os.path.basename(os.path.dirname(self.bin)))
        self.user = user
        self.password = password
        self.port = None
        self.dir = None
        self.as_root = os.geteuid() == 0

    def _argv(self, argv):
        if self.as_root:
            return ["runuser", "-u", "postgres", "--"] + argv
        return argv

    def _run(self, argv, **kw):
        return subprocess.run(self._argv(argv), capture_output=True, text=True, **kw)

    def _start(self):
        data = os.path.join(self.dir, "data")
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        os.chmod(pwfile, 0o600)
        done = self._run([os.path.join(self.bin, "initdb"), "-D", data, "-U", self.user,
                          "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=trust",
                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], timeout=120)
        os.remove(pwfile)
        if done.returncode != 0:
            raise RuntimeError("initdb failed: " + done.stderr[-800:])
        # An ephemeral port can be taken between picking and binding it: try a few.
        for _ in range(5):
            self.port = free_port()
            opts = ("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                    % (self.port, self.dir))
            done = self._run([os.path.join(self.bin, "pg_ctl"), "-D", data, "-o", opts,
                              "-l", os.path.join(self.dir, "server.log"), "-w", "-t", "60",
                              "start"], timeout=90)
            if done.returncode == 0:
                return
        raise RuntimeError("pg_ctl start failed: " + done.stderr[-400:] + self.log_tail())

    def log_tail(self):
        try:
            with open(os.path.join(self.dir, "server.log")) as f:
                return f.read()[-1500:]
        except OSError:
            return ""

    def stop(self):
        if not self.dir:
            return
        data = os.path.join(self.dir, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            self._run([os.path.join(self.bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w",
                       "-t", "30", "stop"], timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def psql(self, sql, dbname="postgres"):
        """Runs `sql` as the superuser over the Unix socket (trust); returns stdout (tuples only,
        `|`-separated)."""
        done = self._run([os.path.join(self.bin, "psql"), "-h", self.dir, "-p", str(self.port),
                          "-U", self.user, "-d", dbname, "-X", "-q", "-A", "-t",
                          "-v", "ON_ERROR_STOP=1", "-c", sql], timeout=120)
        if done.returncode != 0:
            raise RuntimeError("psql failed: %s\n%s" % (done.stderr[-800:], sql[:400]))
        return done.stdout

    def adapter_config(self, dbname):
        return {"host": "127.0.0.1", "port": self.port, "dbname": dbname, "user": self.user,
                "password": self.password}
