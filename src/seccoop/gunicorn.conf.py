"""gunicorn settings for a seccoop app server: `gunicorn -c src/seccoop/gunicorn.conf.py`.

App servers keep no state of their own (sessions, files and the task queue
live in PostgreSQL or Redis; static files are served from STATIC_ROOT by
WhiteNoise), so a deployment runs as many of them as it needs behind a proxy.
"""

import os

wsgi_app = "seccoop.wsgi:application"
bind = os.environ.get("SECCOOP_BIND", "127.0.0.1:8000")
# Two per core is a common start for a database-bound application.
workers = int(os.environ.get("SECCOOP_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("SECCOOP_THREADS", "1"))
timeout = int(os.environ.get("SECCOOP_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
# Replaces each worker after this many requests, so slow leaks cannot build up.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("SECCOOP_ACCESS_LOG", "-")
# The proxy in front terminates TLS; trust its X-Forwarded-* headers only from itself.
forwarded_allow_ips = os.environ.get("SECCOOP_FORWARDED_ALLOW_IPS", "127.0.0.1")
