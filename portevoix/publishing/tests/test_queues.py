from portevoix.celery import app


def test_it_routes_publishing_tasks_to_the_publish_queue() -> None:
    for name in ("publish_target_task", "publish_targets_task", "sweep_task"):
        route = app.amqp.router.route({}, f"portevoix.publishing.tasks.{name}")
        assert route["queue"].name == "publish"
    assert app.amqp.router.route({}, "portevoix.system.tasks.heartbeat_task")["queue"].name == (
        "default"
    )


def test_it_runs_the_sweep_every_five_seconds() -> None:
    entry = app.conf.beat_schedule["publishing-sweep"]
    assert entry["task"] == "portevoix.publishing.tasks.sweep_task"
    assert entry["schedule"] == 5.0
