"""Publishing: 10,000 targets due at the same instant, real worker processes, the fake platform.

    .venv/bin/python -m bench publish                 # both modes, a clean run and a kill run each
    .venv/bin/python -m bench.publish --modes scale   # one mode; --targets, --workers, --pool, ...

Modes: `sqlite` is `make run` (SQLite database, SQLite-backed Celery broker); `scale` is
PostgreSQL (127.0.0.1:5432, database pv_bench) with Redis (127.0.0.1:6379, db 14). Each mode
runs twice on fresh targets: a clean run, then one where a worker is killed with SIGKILL
(its whole process group, tasks in hand included) once a third of the targets are published.
The workers are `portevoix worker -Q publish` processes; several of them, so that the ones
left after the kill still have both cores.

What is measured: for each target, its due time to the moment a worker handed it to the
connector (the start of its first publish attempt, recorded just before `connector.publish`);
p50/p95/max, the share handed over within the minute, and throughput. Then lost (targets not
published once the run ends although nothing is left on its way), duplicated
(`FakeStore.counts()` above 1) and early (handed over before their time). The sweep runs in
this process with beat's period (5 s), as `portevoix beat` would trigger it.

The machine is shared and its load moves the wall-clock figures, so each run also prints the
CPU it cost per target (workers, this driver with the sweep, PostgreSQL backends, Redis), read
from /proc and Redis INFO: that figure hardly depends on the load, and 2 cores / (CPU per
target) is the ceiling a quiet machine gives.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/pv_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
TICK = os.sysconf("SC_CLK_TCK")
GOAL_SECONDS = 60.0


def mode_env(mode: str, workdir: Path, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portevoix.settings",
        "PORTEVOIX_VAR_DIR": str(workdir),
        "PORTEVOIX_CONNECTOR_FAKE__STORE": str(workdir / "fake-platform.sqlite3"),
        "PORTEVOIX_CONNECTOR_FAKE__LATENCY_MS": str(args.latency_ms),
        # Short leases so that a killed worker's targets come back within the run (production:
        # 120 s, more than any platform request takes; the fake platform answers in ms).
        "PORTEVOIX_PUBLISH_LEASE_SECONDS": str(args.lease),
        "PORTEVOIX_PUBLISH_REQUEUE_SECONDS": str(args.lease),
        "PORTEVOIX_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        # Compiled once for the whole benchmark, outside the source tree: a worker started
        # without bytecode spends many seconds of CPU compiling Django and the project.
        "PYTHONPYCACHEPREFIX": str(args.pycache),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if mode == "scale":
        env["DATABASE_URL"] = PG_URL
        env["CELERY_BROKER_URL"] = REDIS_URL
        env["PORTEVOIX_DB_CONN_MAX_AGE"] = "600"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'portevoix.sqlite3'}"
        env["CELERY_BROKER_URL"] = f"sqla+sqlite:///{workdir / 'broker.sqlite'}"
    return env


def prepare(mode: str, env: dict[str, str]) -> None:
    if mode == "scale":
        import psycopg
        import redis

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS pv_bench WITH (FORCE)")
            c.execute("CREATE DATABASE pv_bench")
        redis.Redis.from_url(REDIS_URL).flushdb()
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "portevoix.cli", "migrate", "--noinput", "-v0"], env=env, check=True
    )


def reachable() -> bool:
    try:
        import psycopg
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
    except Exception:
        return False
    return True


# -- CPU accounting, from /proc ---------------------------------------------------------------


def proc_cpu(pid: int) -> tuple[int, float] | None:
    """(process group, CPU seconds) of a live process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[2]), (int(fields[11]) + int(fields[12])) / TICK


def group_cpu(pgids: set[int]) -> float:
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            found = proc_cpu(int(entry.name))
            if found and found[0] in pgids:
                total += found[1]
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


class ServerCpu:
    """CPU of this database's PostgreSQL backends and of Redis over one run (scale mode)."""

    def __init__(self, scale: bool) -> None:
        self.scale = scale
        self.backends: dict[int, float] = {}
        self.redis_start = self.redis_now() if scale else 0.0

    def redis_now(self) -> float:
        import redis

        info = redis.Redis.from_url(REDIS_URL).info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])

    def sample(self) -> None:
        if not self.scale:
            return
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "select pid from pg_stat_activity where datname = current_database()"
                " and pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        for pid in pids:  # a backend that exits keeps its last sample
            found = proc_cpu(pid)
            if found:
                self.backends[pid] = found[1]

    def totals(self) -> tuple[float, float]:
        if not self.scale:
            return 0.0, 0.0
        return sum(self.backends.values()), self.redis_now() - self.redis_start


# -- the driver: runs in a child process whose environment selects the mode -----------------


def pidfile(i: int) -> Path:
    return Path(os.environ["PORTEVOIX_VAR_DIR"]) / f"bench{i}.pid"


def start_worker(env: dict[str, str], i: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    pidfile(i).unlink(missing_ok=True)
    return subprocess.Popen(  # noqa: S603
        [
            PYTHON, "-m", "portevoix.cli", "worker", "-Q", "publish",
            "-P", args.pool, "-c", str(args.concurrency), "-n", f"bench{i}@%h",
            "--pidfile", str(pidfile(i)),
            "--loglevel", "ERROR", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        env=env,
        start_new_session=True,  # a process group: kill -9 takes its children too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for w in workers:
        if w.poll() is None:
            os.killpg(w.pid, signal.SIGTERM)
    for w in workers:
        try:
            w.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # A prefork pool may hang in its warm shutdown; the run is over anyway.
            os.killpg(w.pid, signal.SIGKILL)
            w.wait()


def make_targets(n: int, due: Any, run: str) -> tuple[int, int]:
    """`n` approved targets on 20 demo channels, due at `due`: their (first, last) ids."""
    from django.contrib.auth import get_user_model

    from portevoix.accounts import actions as accounts_actions
    from portevoix.connectors import actions as connectors_actions
    from portevoix.connectors.base import Account, Credentials
    from portevoix.editorial.models import Post, PostStatus, PostTarget, TargetStatus

    user, _created = get_user_model().objects.get_or_create(username="bench")
    org = accounts_actions.create_organisation(user, name=f"Bench {run}")
    brand = accounts_actions.create_brand(user, org, name=f"Bench {run}", timezone="UTC")
    accounts = [
        connectors_actions.connect_account(
            None,
            brand,
            Account(kind="fake", handle=f"{run}-{i}", credentials=Credentials(access_token="t")),  # noqa: S106
        )
        for i in range(20)
    ]
    posts = Post.objects.bulk_create(
        [
            Post(brand=brand, text=f"Post {i}", author=user, status=PostStatus.APPROVED)
            for i in range(n)
        ],
        batch_size=1000,
    )
    PostTarget.objects.bulk_create(
        [
            PostTarget(
                post=p,
                account=accounts[i % len(accounts)],
                text=p.text,
                scheduled_at=due,
                status=TargetStatus.SCHEDULED,
            )
            for i, p in enumerate(posts)
        ],
        batch_size=1000,
    )
    ids = PostTarget.objects.filter(post__brand=brand).values_list("pk", flat=True)
    first, last = min(ids), max(ids)
    assert last - first + 1 == n  # one brand's targets, made together: one range of ids
    return first, last


def warm_up(workers: list[subprocess.Popen[bytes]], args: argparse.Namespace) -> None:
    """Workers in production run for days: wait until these are up (a worker writes its pid
    file once Django is set up), then publish a few targets so that every thread has its
    database connection, before anything is measured."""
    import datetime as dt

    from portevoix.editorial.models import PostTarget, TargetStatus
    from portevoix.publishing import actions

    deadline = time.monotonic() + 120
    while not all(pidfile(i).exists() for i in range(len(workers))):
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            raise SystemExit("the workers did not start")
        time.sleep(0.2)
    n = 4 * len(workers) * args.concurrency
    first, last = make_targets(n, dt.datetime.now(dt.UTC), f"warm-up-{time.time_ns()}")
    warm = PostTarget.objects.filter(pk__gte=first, pk__lte=last)
    actions.sweep()
    while warm.filter(status=TargetStatus.PUBLISHED).count() < n:
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not publish the warm-up targets")
        time.sleep(0.2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def drive(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.db.models import Min

    from portevoix.celery import app
    from portevoix.connectors.fake.connector import FakeStore
    from portevoix.editorial.models import PostTarget, TargetStatus
    from portevoix.publishing import actions
    from portevoix.publishing.models import AttemptKind, PublishAttempt

    S = TargetStatus
    env = dict(os.environ)
    with app.connection_for_write() as connection:  # nothing left over from an earlier run
        connection.default_channel.queue_purge("publish")  # type: ignore[attr-defined]
    workers = [start_worker(env, i, args) for i in range(args.workers)]
    warm_up(workers, args)
    # The targets are made while the workers start, far in the future; then all of them are
    # made due `lead` seconds from now, however long making them took.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    first, last = make_targets(args.targets, later, f"{args.run}-{time.time_ns()}")
    mine = PostTarget.objects.filter(pk__gte=first, pk__lte=last)
    due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=args.lead)
    mine.update(scheduled_at=due)
    n = last - first + 1
    while dt.datetime.now(dt.UTC) < due:
        time.sleep(0.05)

    servers = ServerCpu(settings.DATABASES["default"]["ENGINE"].endswith("postgresql"))
    pgids = {w.pid for w in workers}
    driver_start = resource.getrusage(resource.RUSAGE_SELF)
    worker_start = group_cpu(pgids)
    busy_start = machine_busy()
    load_start = os.getloadavg()[0]
    killed_cpu = 0.0
    killed_at: int | None = None
    deadline = time.monotonic() + args.timeout
    next_sweep = time.monotonic()
    sweep_seconds: list[float] = []
    try:
        while time.monotonic() < deadline:
            if time.monotonic() >= next_sweep:
                next_sweep += args.sweep_every
                started = time.monotonic()
                result = actions.sweep()
                if result.claimed or result.requeued or result.recovered:
                    sweep_seconds.append(time.monotonic() - started)
                servers.sample()
            done = mine.filter(status=S.PUBLISHED).count()
            if args.kill and killed_at is None and done >= n // 3:
                killed_cpu = group_cpu({workers[0].pid})
                os.killpg(workers[0].pid, signal.SIGKILL)
                killed_at = done
            if done == n:
                break
            time.sleep(0.5)
        servers.sample()
        worker_cpu = group_cpu(pgids) + killed_cpu - worker_start
    finally:
        stop_workers(workers)
    elapsed_busy = [a - b for a, b in zip(machine_busy(), busy_start, strict=True)]
    driver_end = resource.getrusage(resource.RUSAGE_SELF)
    driver_cpu = (driver_end.ru_utime + driver_end.ru_stime) - (
        driver_start.ru_utime + driver_start.ru_stime
    )
    postgres_cpu, redis_cpu = servers.totals()
    # What the timeout cut off: still on its way (scheduled, queued, publishing, unknown), not
    # lost. Cancelled, so that it does not spill into the next run.
    unfinished = mine.exclude(status__in=[S.PUBLISHED, S.FAILED]).update(status=S.CANCELLED)
    published = mine.filter(status=S.PUBLISHED).count()
    store = FakeStore(settings.PORTEVOIX_CONNECTORS["fake"]["store"])
    keys = {f"porte-voix-target-{pk}" for pk in range(first, last + 1)}
    counts = {k: c for k, c in store.counts().items() if k in keys}
    handed = dict(
        PublishAttempt.objects.filter(target__in=mine, kind=AttemptKind.PUBLISH)
        .values("target_id")
        .annotate(first=Min("started_at"))
        .values_list("target_id", "first")
    )
    lags = [(moment - due).total_seconds() for moment in handed.values()]
    span = (max(handed.values()) - min(handed.values())).total_seconds() if handed else 0
    return {
        "run": args.run,
        "targets": n,
        "handed_over": len(lags),
        "p50": percentile(lags, 0.50),
        "p95": percentile(lags, 0.95),
        "max": max(lags) if lags else float("nan"),
        "within_minute": sum(1 for lag in lags if lag <= GOAL_SECONDS) / n,
        "early": sum(1 for lag in lags if lag < 0),
        "throughput": len(lags) / span if span else float("nan"),
        "published": published,
        "lost": n - published - unfinished,
        "unfinished": unfinished,
        "duplicated": sum(1 for c in counts.values() if c > 1),
        "posts_on_platform": sum(counts.values()),
        "killed_after": killed_at,
        "sweeps_with_work": len(sweep_seconds),
        "longest_sweep_s": max(sweep_seconds) if sweep_seconds else 0.0,
        "cpu_ms": {
            "workers": 1000 * worker_cpu / n,
            "driver": 1000 * driver_cpu / n,
            "postgres": 1000 * postgres_cpu / n,
            "redis": 1000 * redis_cpu / n,
        },
        "load": (load_start, os.getloadavg()[0]),
        "machine_busy": elapsed_busy[0] / elapsed_busy[1] if elapsed_busy[1] else 0.0,
    }


def run_mode(mode: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory(prefix=f"pv-bench-{mode}-") as tmp:
        args.pycache = args.pycache or Path(tmp).parent / "pv-bench-pycache"
        env = mode_env(mode, Path(tmp), args)
        prepare(mode, env)
        for run, kill in (("clean", False), ("kill -9", True)):
            if run.split()[0] not in args.runs.split(","):
                continue
            command = [
                PYTHON, "-m", "bench.publish", "--drive", "--run", run,
                "--targets", str(args.targets), "--workers", str(args.workers),
                "--pool", args.pool, "--concurrency", str(args.concurrency),
                "--timeout", str(args.timeout), "--sweep-every", str(args.sweep_every),
                "--lead", str(args.lead),
            ] + (["--kill"] if kill else [])  # fmt: skip
            out = subprocess.run(  # noqa: S603
                command, env=env, capture_output=True, text=True, cwd=ROOT
            )
            if out.returncode:
                sys.stderr.write(out.stderr[-3000:])
                raise SystemExit(f"{mode} {run}: the driver failed")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["mode"] = mode
            results.append(result)
            report(result)
    return results


def verdict(r: dict[str, Any]) -> str:
    safe = r["lost"] == 0 and r["duplicated"] == 0 and r["early"] == 0 and not r["unfinished"]
    on_time = r["within_minute"] == 1.0
    if r["run"] == "clean":
        met = on_time and safe
        goal = "every target handed over within the minute, none lost, none twice"
    else:
        met = safe
        goal = "0 lost and 0 published twice after kill -9"
    return f"{'MEETS' if met else 'DOES NOT MEET'} the goal ({goal})"


def report(r: dict[str, Any]) -> None:
    cpu = r["cpu_ms"]
    total = sum(cpu.values())
    print(
        f"{r['mode']:6} {r['run']:7}  {r['targets']} targets, {r['handed_over']} handed over: "
        f"due→hand-over p50 {r['p50']:.1f} s, p95 {r['p95']:.1f} s, max {r['max']:.1f} s; "
        f"within the minute {r['within_minute']:.1%}; throughput {r['throughput']:.0f}/s"
    )
    print(
        f"{'':16}lost {r['lost']}, duplicated {r['duplicated']}, early {r['early']}, "
        f"unfinished at the timeout {r['unfinished']}; posts on the platform "
        f"{r['posts_on_platform']}"
        + (f"; worker killed after {r['killed_after']} published" if r["killed_after"] else "")
        + f"; longest sweep {r['longest_sweep_s']:.1f} s"
    )
    print(
        f"{'':16}CPU per target {total:.2f} ms (workers {cpu['workers']:.2f}, driver and sweep "
        f"{cpu['driver']:.2f}, PostgreSQL {cpu['postgres']:.2f}, Redis {cpu['redis']:.2f}) → "
        f"ceiling on 2 idle cores ≈ {2000 / total:.0f}/s; load {r['load'][0]:.1f}→"
        f"{r['load'][1]:.1f}, machine busy {r['machine_busy']:.0%} during the run"
    )
    print(f"{'':16}verdict: {verdict(r)}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.publish")
    parser.add_argument("--modes", default="sqlite,scale")
    parser.add_argument("--runs", default="clean,kill", help="clean, kill or both")
    parser.add_argument("--targets", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pool", default="threads", choices=["threads", "prefork", "solo"])
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--latency-ms", type=float, default=5.0)
    parser.add_argument("--lease", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds after the due time")
    parser.add_argument("--sweep-every", type=float, default=5.0)
    parser.add_argument("--lead", type=float, default=3.0, help="seconds until the due time")
    parser.add_argument("--pycache", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run", default="clean", help=argparse.SUPPRESS)
    parser.add_argument("--kill", action="store_true", help=argparse.SUPPRESS)
    argv = list(sys.argv[1:] if argv is None else argv)
    while argv and argv[0] == "publish":  # `python -m bench publish` passes its own name on
        argv.pop(0)
    args = parser.parse_args(argv)
    if args.drive:
        print(json.dumps(drive(args)))
        return
    print(
        f"{args.targets} targets due at one instant; fake platform latency {args.latency_ms} ms; "
        f"{args.workers} workers × {args.concurrency} ({args.pool}); sweep every "
        f"{args.sweep_every} s; lease {args.lease} s; machine: {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.2f} (absolute times move with the load: see CPU per target)"
    )
    for mode in args.modes.split(","):
        if mode == "scale" and not reachable():
            print("scale: PostgreSQL or Redis not reachable on 127.0.0.1; not run")
            continue
        run_mode(mode, args)


if __name__ == "__main__":
    main()
