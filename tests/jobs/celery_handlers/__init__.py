"""Job kinds that exist only for tests/jobs/test_celery_workers.py, loaded by the Celery
worker processes it starts (through tests/jobs/celery_worker_settings.py)."""
