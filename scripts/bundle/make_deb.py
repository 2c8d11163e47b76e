"""The Debian package of the bundle: the one folder under /opt, the two
programs on the PATH, a desktop entry and its icon.

    python scripts/bundle/make_deb.py BUNDLE_DIR VERSION OUT_DIR

``Depends`` is pcscd (the smart-card service the station reads cards
through), libpcsclite1 (its client library, which pyscard opens at run time
and the bundle does not carry: it must match the installed pcscd) and the
Debian packages of every shared library the bundle loads from the system
and does not carry itself (found with ldd and dpkg -S, as dpkg-shlibdeps
would), so ``apt install ./vending-station_*.deb`` brings everything it
needs. fonts-wqy-microhei is recommended, for the window's Chinese (the
documents carry their own copy of the font).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NAME = "vending-station"
PREFIX = Path("opt") / NAME
PROGRAMS = ("vending-station", "vending-station-cli")
ICON = Path(__file__).resolve().parents[2] / "vending_app" / "resources" / "icon.svg"
DESKTOP = """\
[Desktop Entry]
Type=Application
Name=Vending station
Name[zh_CN]=售电系统
GenericName=Prepaid electricity vending
GenericName[zh_CN]=预付费售电
Comment=The counter's station: sell electricity onto IC cards, shifts, reports
Comment[zh_CN]=营业厅售电：IC卡售电、班次、报表
Exec=/{prefix}/vending-station
Icon={name}
Terminal=false
Categories=Office;Finance;
"""
CONTROL = """\
Package: {name}
Version: {version}
Architecture: {arch}
Maintainer: Vending station maintainers <{name}@localhost>
Installed-Size: {size}
Depends: {depends}
Recommends: fonts-wqy-microhei
Section: misc
Priority: optional
Description: Vending station for prepaid electricity (IC-card meters)
 The desktop station of a utility's sales office: accounts and meters,
 tariffs, sales onto IC cards through any PC/SC reader, shifts, invoices and
 reports. Self-contained: it brings its own Python and Qt, under /{prefix}.
"""


def elf_files(folder: Path) -> list[Path]:
    out = []
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def system_libraries(folder: Path) -> set[str]:
    """Every shared library the bundle's programs and libraries resolve
    outside the bundle (the bundle's own folders searched first, as its
    launcher does)."""
    elves = elf_files(folder)
    env = {**os.environ, "LD_LIBRARY_PATH": ":".join(sorted({str(p.parent) for p in elves}))}
    found, missing = set(), set()
    for elf in elves:
        done = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
        for line in done.stdout.splitlines():
            name, _, where = line.strip().partition(" => ")
            path = where.split(" (")[0].strip()
            if path == "not found":
                missing.add(name)
            elif path.startswith("/") and not path.startswith(str(folder)):
                found.add(os.path.realpath(path))
    if missing:
        raise SystemExit(f"libraries the bundle needs are not on this machine: {sorted(missing)}")
    return found


def packages_of(paths: set[str]) -> set[str]:
    """The Debian packages that own ``paths`` (merged /usr: /lib is /usr/lib)."""
    owners = set()
    for path in sorted(paths):
        candidates = {path, path.removeprefix("/usr")}
        done = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
        names = {line.split(":")[0].split(",")[0].strip() for line in done.stdout.splitlines()}
        if not names:
            raise SystemExit(f"no Debian package owns {path}")
        owners |= names
    return owners


def stage(bundle: Path, root: Path) -> None:
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    for program in PROGRAMS:
        (root / "usr/bin" / program).symlink_to(f"/{PREFIX}/{program}")
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True)
    (apps / f"{NAME}.desktop").write_text(DESKTOP.format(prefix=PREFIX, name=NAME))
    icons = root / "usr/share/icons/hicolor/scalable/apps"
    icons.mkdir(parents=True)
    shutil.copyfile(ICON, icons / f"{NAME}.svg")


def build(bundle: Path, version: str, out: Path) -> Path:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    depends = ", ".join(["pcscd", "libpcsclite1", *sorted(packages_of(system_libraries(bundle)))])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
        (root / "DEBIAN").mkdir()
        (root / "DEBIAN/control").write_text(CONTROL.format(
            name=NAME, version=version, arch=arch, size=size // 1024 + 1, depends=depends,
            prefix=PREFIX))
        target = out / f"{NAME}_{version}_{arch}.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build",
                        str(root), str(target)], check=True, stdout=subprocess.DEVNULL)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve(), sys.argv[2], Path(sys.argv[3]).resolve()))
