"""Guards around code the build runs: its own process group, no writes into the project.

Used inside the process that runs a job (a snippet's worker, a notebook's
kernel), and by the build to clean up after it:

- :func:`enter` makes the process the leader of a new session, so that it and
  every process it starts share one process group the build can kill as a
  whole; starts a watchdog thread that kills that group when the build's
  process disappears (a build killed with SIGKILL leaves nothing running);
  and installs an audit hook that refuses writes into the project tree,
  naming the file, except into the folders the job may write to.
- :func:`members` and :func:`kill_group` find and end what a job left behind.

Only the standard library is used: this module is imported inside kernels.
"""

import os
import signal
import sys
import threading
import time

#: Seconds between two checks that the build is still there.
WATCH_INTERVAL = 0.5

#: Flags of ``os.open`` that modify a file.
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

#: Audit events that change the file system, and which arguments are paths.
_PATH_EVENTS = {
    "os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.rename": (0, 1),
    "os.truncate": (0,), "os.chmod": (0,), "os.chown": (0,), "os.link": (1,),
    "os.symlink": (1,), "os.utime": (0,), "shutil.rmtree": (0,),
    "shutil.copyfile": (1,), "shutil.copytree": (1,), "shutil.move": (1,),
}


class ProjectWriteError(PermissionError):
    """Raised inside a job that tries to change a file of the project tree."""


def enter(root, writable=(), build_pid=None):
    """Guard the current process; see the module docstring.

    Parameters
    ----------
    root : str
        Project root; nothing under it may be written, except under ``writable``.
    writable : sequence of str
        Folders under ``root`` the job may write to (its output folder).
    build_pid : int, optional
        Process id of the build; when it is gone, the job's group is killed.
    """
    try:
        os.setsid()
    except PermissionError:
        pass  # already a session leader (a kernel started in a new session)
    if build_pid is not None:
        threading.Thread(target=_watch, args=(build_pid,), daemon=True,
                         name="sitebuild-watchdog").start()
    sys.addaudithook(_guard(os.path.realpath(root),
                            [os.path.realpath(w) for w in writable]))


#: Process groups of other sessions this process started (a notebook's
#: kernel runs in a session of its own), killed along with this one.
_ADOPTED = set()


def adopt(group):
    """Have the watchdog kill process group ``group`` too when the build goes."""
    _ADOPTED.add(group)


def _watch(build_pid):
    while True:
        time.sleep(WATCH_INTERVAL)
        if not alive(build_pid):
            for group in list(_ADOPTED):
                kill_group(group)
            os.killpg(0, signal.SIGKILL)


def alive(pid):
    """True if a process ``pid`` exists (and is not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return _fields(f.read())[0] != "Z"
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _fields(stat):
    # The command name is in parentheses and may contain spaces.
    return stat[stat.rindex(")") + 2:].split()


def members(group):
    """Live processes of process group ``group``: ``{pid: command line}``."""
    found = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                fields = _fields(f.read())
            if fields[0] == "Z" or int(fields[2]) != group:
                continue
            with open(f"/proc/{name}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError, IndexError):
            continue
        found[int(name)] = command
    return found


def kill_group(group):
    """SIGKILL every process of ``group``; return ``{pid: command}`` of those that were there."""
    found = members(group)
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return found


def _guard(root, writable):
    prefix = root.rstrip(os.sep) + os.sep

    def inside(path):
        try:
            path = os.fsdecode(path)
        except TypeError:
            return False  # a file descriptor
        full = os.path.realpath(path)
        if not (full + os.sep).startswith(prefix):
            return False
        return not any((full + os.sep).startswith(w.rstrip(os.sep) + os.sep)
                       for w in writable)

    def refuse(path):
        rel = os.path.relpath(os.path.realpath(os.fsdecode(path)), root)
        raise ProjectWriteError(
            f"{rel} is in the project tree, which code run by the build may not change; "
            "write into a temporary folder (tempfile) instead"
        )

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS)
            if writes and path is not None and not isinstance(path, int) and inside(path):
                refuse(path)
        elif event in _PATH_EVENTS:
            for index in _PATH_EVENTS[event]:
                if index < len(args):
                    path = args[index]
                    if isinstance(path, str | bytes | os.PathLike) and inside(path):
                        refuse(path)

    return hook


def tree_state(root, skip=()):
    """``{relative path: (size, mtime_ns)}`` of the project's files, for :func:`changed_files`.

    Folders whose name starts with ``.`` (the cache, the repository), and
    the paths in ``skip`` (the site being built), are left out.
    """
    root = os.path.realpath(root)
    skip = {os.path.realpath(path) for path in skip}
    state = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")
                      and name != "__pycache__"
                      and os.path.realpath(os.path.join(folder, name)) not in skip]
        for name in files:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            state[os.path.relpath(path, root)] = (info.st_size, info.st_mtime_ns)
    return state


def changed_files(before, after):
    """Paths added, removed or modified between two :func:`tree_state` snapshots."""
    return sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
