"""A small SMTP server for the tests: accepts every message and keeps it in memory.

Python 3.12 removed smtpd; this speaks just enough SMTP (HELO/EHLO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT) for Django's SMTP backend, on 127.0.0.1 and a free port.
"""

import email
import email.policy
import socketserver
import threading


class SMTPSink:
    def __init__(self):
        self.messages = []  # email.message.EmailMessage objects
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                self.reply("220 sink ESMTP")
                recipients, data = [], None
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    if data is not None:
                        if line in (b".\r\n", b".\n"):
                            message = email.message_from_bytes(
                                b"".join(data), policy=email.policy.default
                            )
                            sink.messages.append(message)
                            data = None
                            self.reply("250 OK")
                        else:
                            data.append(line[1:] if line.startswith(b"..") else line)
                        continue
                    command = line.decode("ascii", "replace").strip().upper()
                    if command.startswith("EHLO"):
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                    elif command.startswith(("HELO", "MAIL", "RSET", "NOOP")):
                        self.reply("250 OK")
                    elif command.startswith("RCPT"):
                        recipients.append(command)
                        self.reply("250 OK")
                    elif command == "DATA":
                        data = []
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                    elif command == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
