#!/usr/bin/env python3
"""read_mail.py — prints the messages a test's SMTP sink saved (DIR/*.eml), decoded: one block per
message with "TO:", "SUBJECT:", the text body and "ATTACHMENT: name" lines; with --save-attachments
DIR2 the attachments are written there. Usage: read_mail.py DIR [--save-attachments DIR2]"""
import email
import email.header
import email.policy
import glob
import os
import sys

mail_dir = sys.argv[1]
save = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--save-attachments" else None
for path in sorted(glob.glob(os.path.join(mail_dir, "*.eml"))):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    print("=== " + os.path.basename(path))
    print("TO: " + str(msg["To"]))
    print("SUBJECT: " + str(msg["Subject"]))
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name:
            print("ATTACHMENT: " + name)
            if save:
                with open(os.path.join(save, os.path.basename(path) + ".pdf"), "wb") as f:
                    f.write(part.get_payload(decode=True))
        elif part.get_content_type() == "text/plain":
            print(part.get_content())
