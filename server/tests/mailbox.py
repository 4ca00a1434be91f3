"""A real SMTP server for the tests (aiosmtpd), collecting what it accepts.

`refuse` makes it answer every message with a temporary failure; `stop()`/`start()` take
it off the network and back, on the same port.
"""

import email
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self, delay=0.0):
        self.messages = []
        self.refuse = False
        self.delay = delay
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        if self.delay:
            time.sleep(self.delay)  # a slow server, so parallel senders overlap
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]

    def subjects(self):
        return sorted(m["Subject"] for _, m in self.messages)


class Mailbox:
    def __init__(self, port, delay=0.0):
        self.inbox = Inbox(delay)
        self.port = port
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.inbox.messages

    def settings(self):
        return {
            "MAIL_BACKEND": "smtp",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": self.port,
            "SMTP_SECURITY": "none",
            "SMTP_USERNAME": None,
            "SMTP_TIMEOUT_SECONDS": 5,
            "MAIL_FROM": "PTO <pto@example.com>",
            "PUBLIC_BASE_URL": "https://pto.example.com",
        }
