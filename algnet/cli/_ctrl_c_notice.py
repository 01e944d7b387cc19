"""A visible answer to Ctrl-C while numba compiles (the ``algnet`` process only).

What was found (numba 0.68.1, llvmlite 0.50, CPython 3.11, fresh ``NUMBA_CACHE_DIR``):

* Python runs a signal's handler in the main thread only, between two bytecodes. numba's first compilation of
  a kernel spends long stretches inside single calls into LLVM (llvmlite's ctypes calls: the optimisation
  passes, ``newpassmanagers.run``, and ``finalize_object``), seconds each on a loaded machine; the Ctrl-C's
  KeyboardInterrupt is raised when such a call returns, not before. The C-level handler does run at once: it
  sets Python's flag and writes the signal's number to the wakeup fd, if one is set
  (:func:`signal.set_wakeup_fd`); and ctypes releases the GIL during the call, so another thread can run.
* Nothing in numba or llvmlite blocks signals or changes a thread's mask (every thread's ``SigBlk`` was 0
  after a degree computation); nor does algnet (:mod:`algnet.homotopy.threads` explains why it does not hold
  SIGINT with ``pthread_sigmask``: it could leave it blocked for good).
* Where a Ctrl-C could go unheard (``algnet degree "dense 3-3-3 r=2"``, SIGINT at 8 CPU s, during the
  first compilation, in the degree guard's pilot path): the tracker turns a Ctrl-C into a partial result (its
  documented behaviour), and a pilot that timed on with the next path would compile on and run to its end. The
  pilot, its warm-up and loops, the monodromy solver's group actions and the trace test raise a partial track's
  interrupt on (:mod:`algnet.analyses.degree_estimate`).

* When the LLVM call returns, the handler may run inside a ctypes callback from LLVM into llvmlite (seen:
  ``ExecutionEngine._raw_object_cache_notify`` during ``finalize_object``): ctypes cannot pass the
  KeyboardInterrupt on, prints "Exception ignored on calling ctypes callback function" with a traceback, and
  numba then fails with "RuntimeError: no compiled object yet" (with the pilot fixed, the run ended 9.7 s after
  the SIGINT that way). The command line's handler (:func:`algnet.cli._common.run_analysis`) therefore does not
  raise in llvmlite's code but trips the Ctrl-C again 20 ms later (:func:`algnet.interrupts.interrupt_again`),
  when it lands in numba's Python code and ends the compilation with a plain KeyboardInterrupt: it asks
  :func:`algnet.interrupts.put_off_here` with ``compiler=False``, the command line's exception (the library's
  handlers put a Ctrl-C in numba's compiler off until the compilation ends; the command's process ends after
  the Ctrl-C, so the state that raising there breaks ends with it).

So a Ctrl-C during a compilation is taken when the LLVM step under way ends, and until then the terminal
showed nothing. :func:`install` makes the first response visible: a daemon thread woken through the wakeup fd
looks, ``delay`` seconds after each Ctrl-C, at the threads' stacks, and when one is still inside numba or
llvmlite it prints one line saying that the compilation step under way will end first. Compiling in a way that
can be interrupted (a subprocess) would cost a process start and the transfer of the compiled code for every
kernel; the cache makes a compilation a one-time cost per machine.

With all of this (``algnet degree "dense 3-3-3 r=2" --seed 1``, fresh cache): SIGINT at 8 CPU s, exit 130
after 2.0 s wall with "algnet: interrupted" alone; at 25 CPU s, inside ``finalize_object``, the line at once and
exit 130 after 18.8 s wall, where the computation would otherwise run to its end (473 s).

Examples
--------
>>> _compiling_in([__file__])
False
>>> import os
>>> _compiling_in([os.path.join("site-packages", "llvmlite", "binding", "ffi.py")])
True
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import tempfile
import threading
import time

__all__ = ["install"]

_STATE: dict = {"thread": None}

#: What the line says (one line on stderr, after the Ctrl-C and before the interrupted result).
MESSAGE = ("algnet: Ctrl-C: numba is compiling a kernel (a first run; the compiled code is cached), a step that "
           "cannot be interrupted: stopping when it ends")


def _compiling_in(filenames) -> bool:
    """Whether a stack of source files (innermost first or not) is inside numba or llvmlite."""
    parts = (os.sep + "numba" + os.sep, os.sep + "llvmlite" + os.sep, "/numba/", "/llvmlite/")
    return any(p in os.sep + f for f in filenames for p in parts)


def _stacks() -> list:
    """The source files of every thread's stack but the calling one's (the watcher's): the main thread, or a
    worker of :mod:`algnet.homotopy.threads` whose job compiles while the main thread waits for it (it waits even
    after a Ctrl-C: the jobs write into shared arrays).

    Read by :func:`faulthandler.dump_traceback`, which walks the threads' frames in C without making frame
    objects, not by ``sys._current_frames()``, whose frame objects for another thread's running frames are a
    known source of crashes in CPython 3.11 (frame lifetime: python/cpython#99729, #111363). With the GIL held
    here the other threads' frame chains do not change during the dump. (A precaution: a SIGSEGV seen at a Ctrl-C
    came with this watcher asleep; its cause was a KeyboardInterrupt raised inside numba's boxing of a kernel's
    result, see :func:`algnet.interrupts.in_numba_boxing`.)

    Examples
    --------
    >>> t = threading.Thread(target=time.sleep, args=(0.5,))
    >>> t.start()
    >>> any(f.endswith("threading.py") for f in _stacks())       # the other thread's frames
    True
    >>> t.join()
    """
    with tempfile.TemporaryFile("w+") as fh:
        faulthandler.dump_traceback(fh, all_threads=True)
        fh.seek(0)
        text = fh.read()
    files, mine = [], False
    for line in text.splitlines():
        if line.startswith("Current thread "):
            mine = True
        elif line.startswith("Thread "):
            mine = False
        elif not mine and line.startswith('  File "'):
            files.append(line[len('  File "'):].rsplit('", line ', 1)[0])
    return files


def _watch(fd: int, delay: float, stream) -> None:
    while True:
        try:
            data = os.read(fd, 512)
        except OSError:       # pragma: no cover - the fd closed
            return
        if not data:          # pragma: no cover
            return
        if signal.SIGINT not in data:   # the timer signals of time caps wake it too
            continue
        time.sleep(delay)
        if _compiling_in(_stacks()):
            try:
                stream.write(MESSAGE + "\n")
                stream.flush()
            except (OSError, ValueError):   # pragma: no cover - stderr closed
                return


def _forget_in_child():
    try:
        signal.set_wakeup_fd(-1)
    except (ValueError, OSError):   # pragma: no cover - forked from another thread
        pass


def install(delay: float = 1.0, stream=None) -> bool:
    """Print :data:`MESSAGE` on ``stream`` (stderr) when, ``delay`` seconds after a Ctrl-C, a thread (the main
    one, or a worker the main one waits for) is still inside numba's compiler or an LLVM call. Only from the main
    thread, on POSIX, and when no other wakeup fd is set (e.g. asyncio's); returns whether the watcher runs. Once
    per process.

    Examples
    --------
    >>> import threading
    >>> install() if threading.current_thread() is not threading.main_thread() else False
    False
    """
    if _STATE["thread"] is not None:
        return True
    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        return False
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        previous = signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    except (ValueError, OSError):   # pragma: no cover
        os.close(r)
        os.close(w)
        return False
    if previous != -1:              # someone else's: theirs stays
        signal.set_wakeup_fd(previous)
        os.close(r)
        os.close(w)
        return False
    if hasattr(os, "register_at_fork"):     # a forked child has no watcher: its signals are not written there
        os.register_at_fork(after_in_child=_forget_in_child)
    t = threading.Thread(target=_watch, args=(r, float(delay), stream or sys.stderr),
                         daemon=True, name="algnet-ctrl-c-notice")
    t.start()
    _STATE["thread"] = t
    return True
