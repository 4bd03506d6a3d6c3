#!/usr/bin/env python3
"""Local SMTP sink for development and tests: accepts every mail and stores it as an
.eml file (written atomically) in --dir, with the envelope recipients in X-Sink-Rcpt."""
import argparse
import os
import signal
import threading
import time
import uuid

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        tmp = os.path.join(self.directory, "." + name)
        header = "X-Sink-Rcpt: " + ", ".join(envelope.rcpt_tos) + "\r\n"
        body = envelope.original_content or envelope.content
        with open(tmp, "wb") as f:
            f.write(header.encode() + body)
        os.replace(tmp, os.path.join(self.directory, name))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"SMTP sink on 127.0.0.1:{args.port}, mails in {args.dir}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
