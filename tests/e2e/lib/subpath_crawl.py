#!/usr/bin/env python3
# subpath_crawl.py — used by tests/e2e/portal_subpath.sh (not a test itself): crawls a site mounted under
# a sub-path from its home page and prints one line per problem: a root-relative href/src/action that
# does not start with the mount path, a redirect elsewhere, or a followed link that does not answer
# 200 (redirects are followed). Arguments: the
# server's origin (http://127.0.0.1:PORT), the mount path (/gongkai), a cookie header or "" and the
# largest number of pages to fetch, and the page to start from. Prints "pages N links M" last.
import re
import sys
import urllib.error
import urllib.request

origin, mount, cookie, limit, start = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
# further arguments: other statuses that count as reached (403: a page the user's roles do not open)
reached = {200} | {int(a) for a in sys.argv[6:]}
attr = re.compile(r'\s(href|src|action|formaction)="([^"]*)"')
seen, queue, problems, links = set(), [start], [], 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


opener = urllib.request.build_opener(NoRedirect)
while queue and len(seen) < limit:
    path = queue.pop(0)
    if path in seen:
        continue
    seen.add(path)
    req = urllib.request.Request(origin + path, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(req) as resp:
            status, ctype, body = resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        status, ctype, body = e.code, "", b""
        if status in (301, 302, 303):  # a redirect stays under the mount and is followed
            location = e.headers.get("Location", "")
            if not location.startswith(mount + "/"):
                problems.append(f"{path}: redirect to {location} lacks {mount}")
            elif location not in seen:
                queue.append(location)
            continue
    if status not in reached:
        problems.append(f"{path}: HTTP {status}")
        continue
    if status != 200 or not ctype.startswith("text/html"):
        continue
    for name, url in attr.findall(body.decode("utf-8", "replace")):
        url = url.replace("&amp;", "&")
        if not url.startswith("/") or url.startswith("//"):
            continue
        links += 1
        if url != mount and not url.startswith(mount + "/"):
            problems.append(f"{path}: {name}=\"{url}\" lacks {mount}")
            continue
        target = url.split("#")[0]
        # forms are checked for their address only; logout would end the session
        if name in ("href", "src") and target not in seen and "/logout" not in target:
            queue.append(target)
for p in problems:
    print(p)
print(f"pages {len(seen)} links {links}")
