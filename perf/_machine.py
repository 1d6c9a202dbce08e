"""A description of the machine a run was made on, for the report."""

from __future__ import annotations

import hashlib
import os
import platform
import re

__all__ = ["describe", "host_id", "label", "summary_line"]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def host_id() -> str:
    """A short stable id of this host (hostname and machine id, hashed).

    Runs are compared only when measured on the same host; the hash says
    "same or not" without publishing the host's name.
    """
    parts = [platform.node()]
    try:
        with open("/etc/machine-id", encoding="ascii") as f:
            parts.append(f.read().strip())
    except OSError:
        pass
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]


def describe() -> dict:
    """CPU, cores, memory, OS and load: what a reader needs to weigh numbers."""
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "system": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "loadavg_start": load,
        "host_id": host_id(),
    }


def summary_line(machine: dict) -> str:
    """One line, e.g. "AMD EPYC, 2 cores, 23.5 GiB, Linux 6.1, CPython 3.11.7"."""
    parts = [machine.get("cpu") or "unknown CPU"]
    if machine.get("cores"):
        parts.append(f"{machine['cores']} cores")
    if machine.get("memory_gib"):
        parts.append(f"{machine['memory_gib']} GiB RAM")
    parts.append(machine.get("system", ""))
    parts.append(machine.get("python", ""))
    return ", ".join(p for p in parts if p)


def label(machine: dict, python: str) -> str:
    """A file-name label of the machine and interpreter.

    For example "amd-epyc-2-cores-cpython-3.11.7" (``python`` is given as
    "CPython 3.11.7"); trademark signs and filler words of CPU names go.
    """
    cpu = (machine.get("cpu") or "unknown cpu").lower()
    cpu = re.sub(r"@.*$|\((r|tm)\)|\b(cpu|processor)\b", " ", cpu)
    text = f"{cpu} {machine.get('cores') or '?'} cores {python}"
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")
