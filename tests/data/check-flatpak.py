#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: it parses, names our app id and command,
builds cJSON pinned by sha256 and the app with meson, and asks for no
home-directory access (file choosers go through the portal)."""
import json
import re
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

errors = []
def check(cond, msg):
    if not cond:
        errors.append(msg)

check(manifest.get("id") == "io.github.kakehashi.Kakehashi", "id is not io.github.kakehashi.Kakehashi")
check(manifest.get("command") == "kakehashi", "command is not kakehashi")
check(manifest.get("runtime") == "org.gnome.Platform", "runtime is not org.gnome.Platform")
check(manifest.get("sdk") == "org.gnome.Sdk", "sdk is not org.gnome.Sdk")
args = manifest.get("finish-args", [])
check(not any(a.startswith("--filesystem=home") or a == "--filesystem=host" for a in args),
      "finish-args grant home or host file access")
check("--socket=wayland" in args, "finish-args lack --socket=wayland")
modules = manifest.get("modules", [])
names = [m.get("name") for m in modules if isinstance(m, dict)]
check("cjson" in names, "no cjson module")
for m in modules:
    if not isinstance(m, dict):
        continue
    if m.get("name") == "cjson":
        srcs = m.get("sources", [])
        check(any(re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")) for s in srcs),
              "cjson source is not pinned by sha256")
check(bool(modules) and isinstance(modules[-1], dict) and modules[-1].get("name") == "kakehashi",
      "the last module is not kakehashi")
if modules and isinstance(modules[-1], dict):
    check(modules[-1].get("buildsystem") == "meson", "kakehashi is not built with meson")

for e in errors:
    print(f"{path}: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
