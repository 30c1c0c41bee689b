"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py`."""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak can never take a host down; rarely, since a worker's
# restart stalls the requests queued behind it (at 2,000 the workers restarted every few seconds under load).
max_requests = 50000
max_requests_jitter = 5000
# No access log by default: nginx keeps one already, and a second copy of every reader's IP address is personal
# data kept for nothing. GUNICORN_ACCESS_LOG=- logs requests to stdout when debugging.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
