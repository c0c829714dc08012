"""A throw-away PostgreSQL cluster for the tests: Debian's server, started in a temporary folder.

initdb as an unprivileged user (PostgreSQL refuses to run as root: under root the cluster
belongs to the system user `hoso-pg`, made if missing), listening only on a Unix socket in
that folder (no TCP port to collide with another run), fsync off (a test cluster need not
survive a power cut). Stopped and removed at the end of the session. When it cannot start,
the tests that need it are skipped with the reason, except under CI=true, where they fail:
in CI these tests must never be silently skipped.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SYSTEM_USER = "hoso-pg"
SUPERUSER = "hoso"
PORT = 5432  # only names the socket file (.s.PGSQL.5432) in the cluster's own folder


class ClusterUnavailable(RuntimeError):
    pass


@dataclass
class Cluster:
    folder: Path
    bin: Path
    as_user: list[str]   # prefix that runs a command as the cluster's owner
    started_in: float    # seconds from initdb to accepting connections

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.folder}&port={PORT}"

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.folder, ignore_errors=True)

    def halt(self) -> None:
        """The server goes away at once (as a crash or a cut link would), its data kept."""
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "-w", "stop"], capture_output=True)

    def resume(self) -> None:
        """The server back on the same data after halt()."""
        _run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-l",
              str(self.folder / "server.log"), "-o", _options(self.folder), "-w", "-t", "60", "start"], "pg_ctl start")


def _bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise ClusterUnavailable("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                                 "scripts/setup.sh installs Debian's postgresql")
    return Path(found[-1]).parent


def _owner() -> list[str]:
    """The command prefix that runs as an unprivileged user; makes the system user under root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                               SYSTEM_USER], capture_output=True, text=True)
        if made.returncode != 0 and "already exists" not in made.stderr:
            raise ClusterUnavailable(f"cannot make the system user {SYSTEM_USER}: {made.stderr.strip()}")
    return ["runuser", "-u", SYSTEM_USER, "--"]


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise ClusterUnavailable(f"{what} failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-800:]}")


def _options(folder: Path) -> str:
    return (f"-c listen_addresses='' -k {folder} -p {PORT} -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=120")


def start_cluster() -> Cluster:
    began = time.monotonic()
    binary, as_user = _bin(), _owner()
    folder = Path(tempfile.mkdtemp(prefix="hoso-pg-"))
    try:
        if as_user:
            shutil.chown(folder, SYSTEM_USER, SYSTEM_USER)
        data = folder / "data"
        _run([*as_user, str(binary / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8", "--no-sync", "--no-instructions"], "initdb")
        _run([*as_user, str(binary / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", _options(folder),
              "-w", "-t", "60", "start"], "pg_ctl start")
    except BaseException as error:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-800:] if log.exists() else ""
        subprocess.run([*as_user, str(binary / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, (ClusterUnavailable, OSError, subprocess.SubprocessError)):
            raise ClusterUnavailable(f"{error} {detail}".strip()) from error
        raise
    return Cluster(folder=folder, bin=binary, as_user=as_user, started_in=time.monotonic() - began)


def start_or_skip() -> Cluster:
    """A new cluster; when it cannot start, the test is skipped with the reason (failed under CI=true)."""
    try:
        return start_cluster()
    except ClusterUnavailable as why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL test cluster did not start (never skipped in CI): {why}")
        pytest.skip(f"PostgreSQL test cluster did not start: {why}")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A running throw-away PostgreSQL cluster (see the module's note on skipping and CI)."""
    cluster = start_or_skip()
    print(f"\nPostgreSQL test cluster started in {cluster.started_in:.2f} s at {cluster.folder}")
    try:
        yield cluster
    finally:
        cluster.stop()
