#!/usr/bin/python3
"""The app's top-level X11 window, as a window manager sees it (there is none under Xvfb):

  x11_window.py state NAME    prints "viewable" or "hidden" (no such window: "absent")
  x11_window.py close NAME    asks the window to close as a title bar's close button does (WM_DELETE_WINDOW)

Needs python3-xlib (Debian). NAME is the window's title (WM_NAME / _NET_WM_NAME).
"""

import sys

from Xlib import X, display
from Xlib.protocol import event


def windows(d, name):
    found = []

    def walk(w):
        try:
            title = w.get_full_property(d.intern_atom("_NET_WM_NAME"), d.intern_atom("UTF8_STRING"))
            title = title.value.decode() if title else w.get_wm_name()
        except Exception:
            title = None
        protocols = w.get_wm_protocols() if title == name else None
        if title == name and protocols:
            found.append(w)
        for child in w.query_tree().children:
            walk(child)

    walk(d.screen().root)
    return found


def main():
    command, name = sys.argv[1], sys.argv[2]
    d = display.Display()
    found = windows(d, name)
    if command == "state":
        if not found:
            print("absent")
        else:
            viewable = any(w.get_attributes().map_state == X.IsViewable for w in found)
            print("viewable" if viewable else "hidden")
        return 0
    if command == "close":
        if not found:
            print(f"no window named {name!r}", file=sys.stderr)
            return 1
        protocols, delete = d.intern_atom("WM_PROTOCOLS"), d.intern_atom("WM_DELETE_WINDOW")
        for w in found:
            message = event.ClientMessage(window=w, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
            w.send_event(message, event_mask=X.NoEventMask)
        d.flush()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


sys.exit(main())
