#!/usr/bin/env python3
"""rusage.py OUT COMMAND… — runs COMMAND and writes its CPU times, peak memory and wall clock to OUT
in the lines of GNU time -v that the benches read ("User time (seconds): …"), to the microsecond:
/usr/bin/time rounds CPU times to 10 ms, a tenth of what bench/report-check.sh measures. Exits with
the command's status (128 + N when a signal N ended it)."""
import os
import subprocess
import sys
import time

out, command = sys.argv[1], sys.argv[2:]
start = time.monotonic()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
wall = time.monotonic() - start
with open(out, "w") as f:
    f.write(f"User time (seconds): {usage.ru_utime:.6f}\n")
    f.write(f"System time (seconds): {usage.ru_stime:.6f}\n")
    f.write(f"Maximum resident set size (kbytes): {usage.ru_maxrss}\n")
    f.write(f"Elapsed (wall clock) time (h:mm:ss or m:ss): {int(wall // 60)}:{wall % 60:06.3f}\n")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
