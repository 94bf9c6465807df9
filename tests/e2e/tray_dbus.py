#!/usr/bin/python3
"""Drive a StatusNotifierItem tray menu (libayatana-appindicator / tauri tray-icon)
over the session bus, for headless end-to-end tests.

Needs only the Python stdlib + PyGObject's Gio (Debian: python3-gi, which pulls
gir1.2-glib-2.0).  Run it with Debian's /usr/bin/python3: a pyenv/venv python
usually has no `gi` module.

Subcommands (all print JSON on stdout, diagnostics on stderr):

  watcher [--items-file F] [--ready-file F] [--duration S]
      Own org.kde.StatusNotifierWatcher on the session bus and record every
      RegisterStatusNotifierItem call.  Optional: `find` also works without it
      by scanning the bus.  Runs until SIGTERM/SIGINT (or --duration).

  find     print the tray item(s): service, item path, menu path, Id, Title
  layout   print the menu items: id, label, text (mnemonic-stripped), type,
           enabled, visible, toggle_type, toggle_state, depth, parent
  click LABEL_OR_ID [--expect-label TEXT] [--allow-disabled]
           send com.canonical.dbusmenu.Event(id, "clicked", <i 0>, time);
           with --expect-label, poll GetLayout until that label shows up
  wait --label TEXT | --gone TEXT
           poll GetLayout until an item with that label exists / no longer exists
  monitor [--duration S]
           print LayoutUpdated / ItemsPropertiesUpdated / ItemActivationRequested
           signals of the menu as JSON lines

Target selection (all menu subcommands):
  --service NAME --menu-path PATH   talk to this dbusmenu directly (no discovery)
  --match SUBSTR   pick the item whose Id / object path / service contains SUBSTR
  --discover auto|watcher|scan      (default auto: ask the watcher if one owns
                   org.kde.StatusNotifierWatcher, else scan every bus peer)
  --timeout S      deadline for the item (and for --expect-label etc.), default 10

Labels: matching accepts either the raw dbusmenu label ("_Start gateway") or
the text with GTK mnemonics removed ("Start gateway").  A purely numeric
argument that matches no label is taken as a dbusmenu item id.

Exit codes: 0 ok, 1 not found / timed out / ambiguous, 2 usage error.
"""
import argparse
import json
import os
import signal
import sys
import time

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
WATCHER_IFACE = "org.kde.StatusNotifierWatcher"
ITEM_IFACE = "org.kde.StatusNotifierItem"
MENU_IFACE = "com.canonical.dbusmenu"
PROPS_IFACE = "org.freedesktop.DBus.Properties"
CALL_TIMEOUT_MS = 2000

WATCHER_XML = """
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
    <signal name="StatusNotifierHostUnregistered"/>
  </interface>
</node>
"""


class Fail(Exception):
    pass


def log(*a):
    print("tray_dbus:", *a, file=sys.stderr, flush=True)


def out(obj):
    try:
        print(json.dumps(obj, ensure_ascii=False), flush=True)
    except BrokenPipeError:  # e.g. piped into `head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def bus():
    return Gio.bus_get_sync(Gio.BusType.SESSION, None)


def call(conn, dest, path, iface, method, params=None, reply=None, timeout=CALL_TIMEOUT_MS):
    rt = GLib.VariantType.new(reply) if reply else None
    v = conn.call_sync(dest, path, iface, method, params, rt, Gio.DBusCallFlags.NONE, timeout, None)
    return v.unpack() if v is not None else None


def get_prop(conn, dest, path, iface, name):
    return call(conn, dest, path, PROPS_IFACE, "Get", GLib.Variant("(ss)", (iface, name)), "(v)")[0]


def strip_mnemonic(label):
    """GTK mnemonic syntax: "_X" underlines X, "__" is a literal underscore."""
    res, i = [], 0
    while i < len(label):
        if label[i] == "_" and i + 1 < len(label):
            i += 1  # drop the marker, keep the next char ("__" -> "_")
        res.append(label[i])
        i += 1
    return "".join(res)


def split_registration(sender, arg):
    """KDE convention: arg is an object path (service = sender) or a bus name
    (path = /StatusNotifierItem), possibly 'name/path'."""
    if arg.startswith("/"):
        return sender, arg
    if "/" in arg:
        name, rest = arg.split("/", 1)
        return name, "/" + rest
    return arg, "/StatusNotifierItem"


# ---------------------------------------------------------------- watcher
def cmd_watcher(args):
    conn = bus()
    items = []  # "service/path" strings, KDE style
    hosts = []
    node = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML)
    iface = node.lookup_interface(WATCHER_IFACE)
    loop = GLib.MainLoop()

    def dump():
        if not args.items_file:
            return
        recs = []
        for s in items:
            svc, path = s.split("/", 1)
            recs.append({"service": svc, "path": "/" + path})
        tmp = args.items_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(recs, f)
        os.replace(tmp, args.items_file)  # atomic: readers never see half a file

    def emit(sig, params):
        conn.emit_signal(None, WATCHER_PATH, WATCHER_IFACE, sig, params)

    def on_call(_c, sender, _path, _iface, method, params, inv):
        if method == "RegisterStatusNotifierItem":
            svc, path = split_registration(sender, params.unpack()[0])
            key = f"{svc}{path}"
            if key not in items:
                items.append(key)
                dump()
                emit("StatusNotifierItemRegistered", GLib.Variant("(s)", (key,)))
                log(f"registered item {key} (sender {sender})")
            inv.return_value(None)
        elif method == "RegisterStatusNotifierHost":
            if sender not in hosts:
                hosts.append(sender)
                emit("StatusNotifierHostRegistered", None)
            inv.return_value(None)
        else:
            inv.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)

    def on_get(_c, _sender, _path, _iface, prop):
        if prop == "RegisteredStatusNotifierItems":
            return GLib.Variant("as", items)
        if prop == "IsStatusNotifierHostRegistered":
            # claim a host so clients that check it (Qt, ksni) don't give up
            return GLib.Variant("b", True)
        if prop == "ProtocolVersion":
            return GLib.Variant("i", 0)
        return None

    conn.register_object(WATCHER_PATH, iface, on_call, on_get, None)

    def on_owner_changed(_c, _s, _p, _i, _sig, params):
        name, _old, new = params.unpack()
        if new:
            return
        gone = [k for k in items if k.split("/", 1)[0] == name]
        for k in gone:
            items.remove(k)
            emit("StatusNotifierItemUnregistered", GLib.Variant("(s)", (k,)))
            log(f"item vanished {k}")
        if gone:
            dump()

    conn.signal_subscribe("org.freedesktop.DBus", "org.freedesktop.DBus", "NameOwnerChanged",
                          "/org/freedesktop/DBus", None, Gio.DBusSignalFlags.NONE, on_owner_changed)

    def acquired(*_):
        log(f"owns {WATCHER_NAME}")
        dump()
        if args.ready_file:
            with open(args.ready_file, "w") as f:
                f.write(conn.get_unique_name() + "\n")

    status = {"rc": 0}

    def lost(*_):
        log(f"could not own {WATCHER_NAME} (another watcher running?)")
        status["rc"] = 1
        loop.quit()

    Gio.bus_own_name_on_connection(conn, WATCHER_NAME, Gio.BusNameOwnerFlags.DO_NOT_QUEUE,
                                   acquired, lost)
    for s in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, s, lambda *_: (loop.quit(), False)[1])
    if args.duration:
        GLib.timeout_add(int(args.duration * 1000), lambda: (loop.quit(), False)[1])
    loop.run()
    return status["rc"]


# ---------------------------------------------------------------- discovery
def describe_item(conn, svc, path):
    rec = {"service": svc, "path": path}
    for prop in ("Id", "Title", "Status", "Menu"):
        try:
            rec[prop.lower()] = get_prop(conn, svc, path, ITEM_IFACE, prop)
        except GLib.Error:
            rec[prop.lower()] = None
    rec["menu_path"] = rec.pop("menu")
    return rec


def items_from_watcher(conn):
    try:
        regs = get_prop(conn, WATCHER_NAME, WATCHER_PATH, WATCHER_IFACE, "RegisteredStatusNotifierItems")
    except GLib.Error:
        return None  # no watcher
    return [split_registration(None, r) for r in regs]


def introspect(conn, name, path):
    try:
        xml = call(conn, name, path, "org.freedesktop.DBus.Introspectable", "Introspect",
                   None, "(s)", timeout=500)[0]
        return Gio.DBusNodeInfo.new_for_xml(xml)
    except GLib.Error:
        return None


def items_from_scan(conn):
    """No watcher: libayatana-appindicator still exports its item (and menu) on
    its own unique name under /org/ayatana/NotificationItem/<clean id>.  ksni /
    Qt items use /StatusNotifierItem.  Introspect just those two places on
    every peer, so this stays cheap even for a WebKit app with many objects."""
    names = call(conn, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                 "ListNames", None, "(as)")[0]
    me = conn.get_unique_name()
    found = []
    for n in names:
        if not n.startswith(":") or n == me:
            continue
        base = "/org/ayatana/NotificationItem"
        node = introspect(conn, n, base)
        if node is not None:
            for child in node.nodes:
                p = f"{base}/{child.path}"
                cn = introspect(conn, n, p)
                if cn is not None and cn.lookup_interface(ITEM_IFACE) is not None:
                    found.append((n, p))
        node = introspect(conn, n, "/StatusNotifierItem")
        if node is not None and node.lookup_interface(ITEM_IFACE) is not None:
            found.append((n, "/StatusNotifierItem"))
    return found


def discover(conn, method):
    pairs = None
    if method in ("auto", "watcher"):
        pairs = items_from_watcher(conn)
        if pairs is None and method == "watcher":
            raise Fail(f"no {WATCHER_NAME} on the bus")
    if pairs is None:
        pairs = items_from_scan(conn)
    res = []
    for svc, path in pairs:
        rec = describe_item(conn, svc, path)
        res.append(rec)  # menu_path "/" means "no menu (yet)" in ayatana
    return res


def select_target(conn, args, need_menu=True):
    """Returns (service, menu_path, item_record_or_None); polls until --timeout."""
    if args.service and args.menu_path:
        return args.service, args.menu_path, None
    deadline = time.monotonic() + args.timeout
    last = "no StatusNotifierItem found"
    while True:
        try:
            cands = discover(conn, args.discover)
            if args.match:
                cands = [c for c in cands if any(args.match in (c.get(k) or "")
                                                 for k in ("id", "path", "service"))]
            if need_menu:
                cands = [c for c in cands if c.get("menu_path") not in (None, "", "/")]
            if len(cands) == 1:
                c = cands[0]
                return c["service"], c["menu_path"], c
            if len(cands) > 1:
                raise Fail("several tray items match, use --match: " + json.dumps(cands))
            last = "no StatusNotifierItem (with a menu) found" + (f" matching {args.match!r}" if args.match else "")
        except GLib.Error as e:
            last = e.message
        if time.monotonic() >= deadline:
            raise Fail(last)
        time.sleep(0.1)


# ---------------------------------------------------------------- dbusmenu
def get_layout(conn, svc, menu_path):
    rev, root = call(conn, svc, menu_path, MENU_IFACE, "GetLayout",
                     GLib.Variant("(iias)", (0, -1, [])), "(u(ia{sv}av))")
    flat = []

    def walk(node, depth, parent):
        nid, props, children = node
        if depth > 0:  # skip the invisible root (id 0)
            label = props.get("label")
            flat.append({
                "id": nid,
                "label": label,
                "text": strip_mnemonic(label) if label is not None else None,
                "type": props.get("type", "standard"),
                # dbusmenu omits properties that have their default value
                "enabled": props.get("enabled", True),
                "visible": props.get("visible", True),
                "toggle_type": props.get("toggle-type", ""),
                "toggle_state": props.get("toggle-state", -1),
                "submenu": props.get("children-display") == "submenu",
                "depth": depth,
                "parent": parent,
            })
        for ch in children:
            walk(ch, depth + 1, nid)

    walk(root, 0, None)
    return rev, flat


def find_item(items, key):
    hits = [i for i in items if key in (i["label"], i["text"])]
    if not hits and key.lstrip("-").isdigit():
        hits = [i for i in items if i["id"] == int(key)]
    return hits


def poll(deadline, fn):
    while True:
        r = fn()
        if r is not None:
            return r
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def cmd_find(args):
    conn = bus()
    deadline = time.monotonic() + args.timeout
    while True:
        cands = discover(conn, args.discover)
        if args.match:
            cands = [c for c in cands if any(args.match in (c.get(k) or "") for k in ("id", "path", "service"))]
        if cands or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    out(cands)
    return 0 if cands else 1


def cmd_layout(args):
    conn = bus()
    svc, mpath, item = select_target(conn, args)
    rev, items = get_layout(conn, svc, mpath)
    out({"service": svc, "menu_path": mpath, "revision": rev, "items": items})
    return 0


def cmd_click(args):
    conn = bus()
    svc, mpath, _ = select_target(conn, args)
    deadline = time.monotonic() + args.timeout

    def resolve():
        _, items = get_layout(conn, svc, mpath)
        hits = find_item(items, args.target)
        return hits or None

    while True:
        hits = poll(deadline, resolve)
        if not hits:
            _, items = get_layout(conn, svc, mpath)
            raise Fail(f"no menu item {args.target!r}; have {[i['text'] for i in items]}")
        if len(hits) > 1:
            raise Fail(f"{len(hits)} items match {args.target!r}, click by id: {hits}")
        item = hits[0]
        if not args.allow_disabled and not (item["enabled"] and item["visible"]):
            # A panel would not let a user click it, but dbusmenu-gtk *does* fire
            # GtkMenuItem::activate for insensitive items, so refuse by default.
            raise Fail(f"item is disabled or hidden: {item}")
        if args.expect_label is not None:
            _, items = get_layout(conn, svc, mpath)
            if find_item(items, args.expect_label):
                raise Fail(f"--expect-label {args.expect_label!r} is already in the menu; "
                           "it could not show that the click worked")
        try:
            # Event(i id, s eventId, v data, u timestamp) -> ()
            call(conn, svc, mpath, MENU_IFACE, "Event",
                 GLib.Variant("(isvu)", (item["id"], "clicked", GLib.Variant("i", 0),
                                         int(time.time()) & 0xFFFFFFFF)), "()")
            break
        except GLib.Error as e:
            # the menu was rebuilt between GetLayout and Event: ids are new now
            if "does not refer to a menu item" not in e.message or time.monotonic() >= deadline:
                raise
            log(f"item id {item['id']} went stale (menu rebuilt), resolving {args.target!r} again")
    result = {"clicked": item}
    if args.expect_label is not None:
        # With libdbusmenu-gtk a synchronous GTK handler's relabel is already
        # visible to the next GetLayout, but a real app's reaction may come
        # later (tauri/muda forward the click through a
        # channel to the event loop, the app may do async work): poll.
        def changed():
            _, items = get_layout(conn, svc, mpath)
            h = find_item(items, args.expect_label)
            return h[0] if h else None

        now = poll(deadline, changed)
        if now is None:
            _, items = get_layout(conn, svc, mpath)
            result["items"] = items
            out(result)
            raise Fail(f"label {args.expect_label!r} did not appear within {args.timeout}s")
        result["now"] = now
    out(result)
    return 0


def cmd_wait(args):
    conn = bus()
    svc, mpath, _ = select_target(conn, args)
    deadline = time.monotonic() + args.timeout

    def check():
        _, items = get_layout(conn, svc, mpath)
        if args.label is not None:
            h = find_item(items, args.label)
            return h[0] if h else None
        return {"gone": args.gone} if not find_item(items, args.gone) else None

    r = poll(deadline, check)
    if r is None:
        raise Fail(f"timed out after {args.timeout}s")
    out(r)
    return 0


def cmd_monitor(args):
    conn = bus()
    svc, mpath, _ = select_target(conn, args)
    # signals come from the app's unique name; resolve a well-known one first
    sender = svc if svc.startswith(":") else call(
        conn, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "GetNameOwner", GLib.Variant("(s)", (svc,)), "(s)")[0]
    loop = GLib.MainLoop()

    def on_sig(_c, _sender, _path, _iface, name, params):
        out({"signal": name, "args": params.unpack()})

    conn.signal_subscribe(sender, MENU_IFACE, None, mpath, None, Gio.DBusSignalFlags.NONE, on_sig)
    log(f"monitoring {sender} {mpath}")
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("ready\n")
    for s in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, s, lambda *_: (loop.quit(), False)[1])
    if args.duration:
        GLib.timeout_add(int(args.duration * 1000), lambda: (loop.quit(), False)[1])
    loop.run()
    return 0


def main(argv=None):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--service")
    common.add_argument("--menu-path")
    common.add_argument("--match")
    common.add_argument("--discover", choices=("auto", "watcher", "scan"), default="auto")
    common.add_argument("--timeout", type=float, default=10.0)

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("watcher")
    w.add_argument("--items-file")
    w.add_argument("--ready-file")
    w.add_argument("--duration", type=float)
    sub.add_parser("find", parents=[common])
    sub.add_parser("layout", parents=[common])
    c = sub.add_parser("click", parents=[common])
    c.add_argument("target", metavar="LABEL_OR_ID")
    c.add_argument("--expect-label")
    c.add_argument("--allow-disabled", action="store_true")
    wt = sub.add_parser("wait", parents=[common])
    g = wt.add_mutually_exclusive_group(required=True)
    g.add_argument("--label")
    g.add_argument("--gone")
    m = sub.add_parser("monitor", parents=[common])
    m.add_argument("--duration", type=float)
    m.add_argument("--ready-file")
    args = p.parse_args(argv)
    fn = {"watcher": cmd_watcher, "find": cmd_find, "layout": cmd_layout, "click": cmd_click,
          "wait": cmd_wait, "monitor": cmd_monitor}[args.cmd]
    try:
        return fn(args)
    except Fail as e:
        log("error:", e)
        return 1
    except GLib.Error as e:
        log("dbus error:", e.message)
        return 1


if __name__ == "__main__":
    sys.exit(main())
