#!/usr/bin/env python3
"""moto_server, serving one request at a time: scripts/moto_server.py HOST PORT

`python3 -m moto.server` serves requests on parallel threads, and moto's DynamoDB checks a
ConditionExpression and writes the item without a lock, so two racing conditional writes can
both succeed. DynamoDB itself makes them atomic, and the end-to-end tests rely on that (eight
processes terminating one contract: exactly one wins). Serving one request at a time gives the
emulator DynamoDB's guarantee.
"""
import os
import sys

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False)
