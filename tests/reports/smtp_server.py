"""A tiny real SMTP server for tests (aiosmtpd is not installed): enough of RFC 5321 for Django's smtplib client.

Runs on 127.0.0.1 on a free port in a thread; every message is kept in ``messages`` as an
``email.message.EmailMessage`` with its envelope.
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",)) or self.message
        return part.get_content()


class _Handler(socketserver.StreamRequestHandler):
    def send(self, line: str):
        self.wfile.write((line + "\r\n").encode("ascii"))

    def handle(self):
        self.send("220 pantau-test ESMTP")
        mail_from, rcpt = "", []
        while True:
            raw = self.rfile.readline(65537)
            if not raw:
                return
            command = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = command[:4].upper()
            if verb == "EHLO":
                self.send("250-pantau-test")
                self.send("250-8BITMIME")
                self.send("250 SMTPUTF8")
            elif verb == "HELO":
                self.send("250 pantau-test")
            elif verb == "MAIL":
                mail_from, rcpt = command.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self.send("250 OK")
            elif verb == "RCPT":
                rcpt.append(command.split(":", 1)[1].strip().split()[0].strip("<>"))
                self.send("250 OK")
            elif verb == "DATA":
                self.send("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline(1_000_000)
                    if line in (b".\r\n", b".\n", b""):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                self.server.messages.append(Received(mail_from, rcpt, message))
                self.send("250 OK: queued")
            elif verb == "RSET":
                mail_from, rcpt = "", []
                self.send("250 OK")
            elif verb == "NOOP":
                self.send("250 OK")
            elif verb == "QUIT":
                self.send("221 Bye")
                return
            else:
                self.send("502 Command not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[Received] = []
        self._thread = threading.Thread(target=self.serve_forever, name="test-smtp", daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
