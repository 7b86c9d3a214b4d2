# Celery configuration for the thumbnail workers
broker_url = "amqp://thumbs:zhaLDJcj6Lta6zs8r@mq.internal.acme-corp.io:5672/thumbs"
result_backend = "redis://:E4tc1uSeWprNSt8cab@redis.internal.acme-corp.io:6379/3"

task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
timezone = "UTC"
enable_utc = True

task_routes = {
    "thumbs.tasks.render": {"queue": "render"},
    "thumbs.tasks.cleanup": {"queue": "maintenance"},
}

worker_prefetch_multiplier = 4
task_acks_late = True
