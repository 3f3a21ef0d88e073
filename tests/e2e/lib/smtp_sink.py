#!/usr/bin/env python3
"""smtp_sink.py — a tiny SMTP server for tests: listens on 127.0.0.1 (a free port, written to
PORTFILE), accepts every message and saves it as DIR/NNN.eml; answers EHLO with no extensions, so
the client sends plain SMTP. Nothing leaves the machine. Usage: smtp_sink.py DIR PORTFILE"""
import os
import socketserver
import sys

out_dir, port_file = sys.argv[1], sys.argv[2]
count = 0


class Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        global count
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip().upper()
            if cmd.startswith("EHLO") or cmd.startswith("HELO"):
                self.reply("250 sink")
            elif cmd.startswith("MAIL") or cmd.startswith("RCPT") or cmd.startswith("RSET") or cmd.startswith("NOOP"):
                self.reply("250 OK")
            elif cmd == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                count += 1
                path = os.path.join(out_dir, "%03d.eml" % count)
                with open(path + ".tmp", "wb") as f:
                    f.write(b"".join(data))
                os.rename(path + ".tmp", path)
                self.reply("250 queued")
            elif cmd == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


socketserver.ThreadingTCPServer.allow_reuse_address = True
with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()
