"""Publishing: 10,000 targets due at the same instant, real worker processes, the fake platform.

    .venv/bin/python -m bench publish                 # SQLite mode, then scale mode if reachable
    .venv/bin/python -m bench.publish --modes scale   # one mode; --targets, --workers, ...

Modes: `sqlite` is `make run` (SQLite database, SQLite-backed Celery broker); `scale` is
PostgreSQL (127.0.0.1:5432, database pv_bench) with Redis (127.0.0.1:6379, db 14). Each mode
runs twice on fresh targets: a clean run, then one where a worker is killed with SIGKILL
(its whole process group, in-flight tasks included) once a third of the targets are out.

What is measured: for each target, its due time to the moment a worker handed it to the
connector (the start of its first publish attempt, recorded just before `connector.publish`);
p50/p95/max, the share handed over within the minute, and throughput. Then lost (targets not
published at the end) and duplicated (`FakeStore.counts()` above 1). The sweep runs in this
process in a loop with beat's period (5 s), like `portevoix beat` would trigger it.
"""

from __future__ import annotations

import argparse
import json
import os
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


def mode_env(mode: str, workdir: Path, latency_ms: float, lease: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portevoix.settings",
        "PORTEVOIX_VAR_DIR": str(workdir),
        "PORTEVOIX_CONNECTOR_FAKE__STORE": str(workdir / "fake-platform.sqlite3"),
        "PORTEVOIX_CONNECTOR_FAKE__LATENCY_MS": str(latency_ms),
        # Short leases so that a killed worker's targets come back within the run (production:
        # 120 s, more than any platform request takes; the fake platform answers in ms).
        "PORTEVOIX_PUBLISH_LEASE_SECONDS": str(lease),
        "PORTEVOIX_PUBLISH_REQUEUE_SECONDS": str(lease),
        "PYTHONPATH": str(ROOT),
    }
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


# -- the driver: runs in a child process whose environment selects the mode -----------------


def start_workers(env: dict[str, str], n: int, concurrency: int) -> list[subprocess.Popen[bytes]]:
    workers = []
    for i in range(n):
        workers.append(
            subprocess.Popen(  # noqa: S603
                [
                    PYTHON, "-m", "portevoix.cli", "worker", "-Q", "publish",
                    "-c", str(concurrency), "-n", f"bench{i}@%h", "--loglevel", "ERROR",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                env=env,
                start_new_session=True,  # a process group: kill -9 takes its children too
                stdout=subprocess.DEVNULL,
            )
        )  # fmt: skip
    return workers


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for w in workers:
        if w.poll() is None:
            os.killpg(w.pid, signal.SIGTERM)
    for w in workers:
        try:
            w.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(w.pid, signal.SIGKILL)
            w.wait()


def make_targets(n: int, due: Any, run: str) -> list[int]:
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
    targets = PostTarget.objects.bulk_create(
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
    return [t.pk for t in targets]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def drive(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.db.models import Min

    from portevoix.connectors.fake.connector import FakeStore
    from portevoix.editorial.models import PostTarget, TargetStatus
    from portevoix.publishing import actions
    from portevoix.publishing.models import AttemptKind, PublishAttempt

    env = dict(os.environ)
    due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=args.lead)
    from portevoix.celery import app

    with app.connection_for_write() as connection:  # nothing left over from an earlier run
        connection.default_channel.queue_purge("publish")  # type: ignore[attr-defined]
    ids = make_targets(args.targets, due, f"{args.run}-{time.time_ns()}")
    workers = start_workers(env, args.workers, args.concurrency)
    killed = False
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
            done = PostTarget.objects.filter(pk__in=ids, status=TargetStatus.PUBLISHED).count()
            if args.kill and not killed and done >= len(ids) // 3:
                os.killpg(workers[0].pid, signal.SIGKILL)
                killed = True
                killed_at = done
            if done == len(ids):
                break
            time.sleep(0.5)
    finally:
        stop_workers(workers)
        # What did not make it before the timeout must not spill into the next run.
        PostTarget.objects.filter(
            pk__in=ids, status__in=[TargetStatus.SCHEDULED, TargetStatus.QUEUED]
        ).update(status=TargetStatus.CANCELLED)
    store = FakeStore(settings.PORTEVOIX_CONNECTORS["fake"]["store"])
    keys = {f"porte-voix-target-{pk}" for pk in ids}
    counts = {k: n for k, n in store.counts().items() if k in keys}
    handed = dict(
        PublishAttempt.objects.filter(target_id__in=ids, kind=AttemptKind.PUBLISH)
        .values("target_id")
        .annotate(first=Min("started_at"))
        .values_list("target_id", "first")
    )
    lags = [(handed[pk] - due).total_seconds() for pk in ids if pk in handed]
    published = PostTarget.objects.filter(pk__in=ids, status=TargetStatus.PUBLISHED).count()
    # Not published when the run stopped, but still on their way (not failed): unfinished.
    unfinished = PostTarget.objects.filter(pk__in=ids, status=TargetStatus.CANCELLED).count()
    span = (max(handed.values()) - min(handed.values())).total_seconds() if handed else 0
    return {
        "run": args.run,
        "targets": len(ids),
        "handed_over": len(lags),
        "p50": percentile(lags, 0.50),
        "p95": percentile(lags, 0.95),
        "max": max(lags) if lags else float("nan"),
        "within_minute": sum(1 for lag in lags if lag <= 60) / len(ids),
        "throughput": len(lags) / span if span else float("nan"),
        "published": published,
        "lost": len(ids) - published - unfinished,
        "unfinished": unfinished,
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "posts_on_platform": sum(counts.values()),
        "killed_after": killed_at if killed else None,
        "sweeps_with_work": len(sweep_seconds),
        "longest_sweep_s": max(sweep_seconds) if sweep_seconds else 0.0,
    }


def run_mode(mode: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory(prefix=f"pv-bench-{mode}-") as tmp:
        env = mode_env(mode, Path(tmp), args.latency_ms, args.lease)
        prepare(mode, env)
        for run, kill in (("clean", False), ("kill -9", True)):
            command = [
                PYTHON, "-m", "bench.publish", "--drive", "--run", run,
                "--targets", str(args.targets), "--workers", str(args.workers),
                "--concurrency", str(args.concurrency), "--timeout", str(args.timeout),
                "--sweep-every", str(args.sweep_every), "--lead", str(args.lead),
            ] + (["--kill"] if kill else [])  # fmt: skip
            out = subprocess.run(  # noqa: S603
                command, env=env, check=True, capture_output=True, text=True, cwd=ROOT
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["mode"] = mode
            result["load"] = os.getloadavg()[0]
            results.append(result)
            report(result)
    return results


def report(r: dict[str, Any]) -> None:
    within = r["within_minute"] == 1.0
    print(
        f"{r['mode']:6} {r['run']:8} targets={r['targets']} handed over={r['handed_over']} "
        f"due→hand-over p50={r['p50']:.1f}s p95={r['p95']:.1f}s max={r['max']:.1f}s "
        f"within the minute={r['within_minute']:.1%} throughput={r['throughput']:.0f}/s "
        f"load(1 min)={r['load']:.2f}"
    )
    print(
        f"       verdict: within the minute: {'yes' if within else 'no'}, lost: {r['lost']}, "
        f"duplicated: {r['duplicated']}, unfinished at the timeout: {r['unfinished']} "
        f"(posts on the platform: {r['posts_on_platform']}"
        + (f"; worker killed after {r['killed_after']} published" if r["killed_after"] else "")
        + f"; longest sweep {r['longest_sweep_s']:.1f}s)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.publish")
    parser.add_argument("--modes", default="sqlite,scale")
    parser.add_argument("--targets", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--latency-ms", type=float, default=5.0)
    parser.add_argument("--lease", type=float, default=15.0)
    parser.add_argument("--timeout", type=float, default=150.0)
    parser.add_argument("--sweep-every", type=float, default=5.0)
    parser.add_argument("--lead", type=float, default=8.0, help="seconds until the due time")
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
        f"{args.workers} workers x {args.concurrency} processes; sweep every {args.sweep_every}s;"
        f" machine: {os.cpu_count()} cores, load at start {os.getloadavg()[0]:.2f}"
    )
    for mode in args.modes.split(","):
        if mode == "scale" and not reachable():
            print("scale: PostgreSQL or Redis not reachable on 127.0.0.1; not run")
            continue
        run_mode(mode, args)


if __name__ == "__main__":
    main()
