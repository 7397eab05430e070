"""What else the machine is doing when a benchmark starts.

The 1-minute load average lags by a minute: right after another benchmark it still reads about one
busy core on an idle machine. ``busy_cores`` measures instead, from the kernel's CPU counters
(``/proc/stat``) over a short interval, how many cores' worth of time other processes are using.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs since boot, None where /proc/stat is not available."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


def busy_cores(interval: float = 1.0) -> float:
    """Cores' worth of CPU in use over ``interval`` seconds (0.0 on an idle machine); the 1-minute
    load average where the kernel's counters cannot be read."""
    before = _cpu_times()
    if before is None:
        return os.getloadavg()[0]
    time.sleep(interval)
    after = _cpu_times()
    if after is None or after[1] == before[1]:
        return os.getloadavg()[0]
    return (after[0] - before[0]) / (after[1] - before[1]) * (os.cpu_count() or 1)
